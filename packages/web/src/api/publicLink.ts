/**
 * A customer's link as the API path names it: `<dealer code>/<token>` (the code names the dealer the token
 * is looked up in), or `<token>` alone for a link sent before links carried the dealer's code.
 */
export type LinkPath = string & { readonly __linkPath: true };

export function linkPath({ dealerCode, token = '' }: { dealerCode?: string | undefined; token?: string | undefined }): LinkPath {
  const enc = encodeURIComponent;
  return (dealerCode ? `${enc(dealerCode)}/${enc(token)}` : enc(token)) as LinkPath;
}
