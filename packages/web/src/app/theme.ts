import type { ThemeConfig } from 'antd';

// Tablet-friendly: the service advisor uses a tablet at the service drive, so controls are a
// little taller than antd's default and text a little larger.
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1565c0',
    fontSize: 15,
    controlHeight: 40,
    controlHeightLG: 48,
    borderRadius: 8,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Menu: { itemHeight: 48, iconSize: 18 },
    Layout: { headerBg: '#ffffff', headerPadding: '0 16px', siderBg: '#001529' },
    Table: { cellPaddingBlock: 12 },
  },
};
