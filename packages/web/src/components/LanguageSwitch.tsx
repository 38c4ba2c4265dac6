import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentLanguage, LANGUAGES, type Language, setLanguage } from '../i18n';

const SHORT = { 'zh-CN': 'lang.shortZhCN', en: 'lang.shortEn' } as const;

/** 简体中文 / English; remembered on this device. `compact` shows 中 / EN on a phone. */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const value = i18n.language === 'en' ? 'en' : currentLanguage();
  return (
    <Segmented<Language>
      data-testid="language-switch"
      aria-label={t('lang.label')}
      value={value}
      onChange={(language) => void setLanguage(language)}
      options={LANGUAGES.map((language) => ({
        value: language,
        label: (
          <span data-testid={`language-${language}`} lang={language} title={t(`lang.${language}`)}>
            {compact ? t(SHORT[language]) : t(`lang.${language}`)}
          </span>
        ),
      }))}
    />
  );
}
