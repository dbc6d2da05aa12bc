import { Alert, createTheme, NavLink, type CSSVariablesResolver } from '@mantine/core';

/**
 * Mantine's defaults with contrast raised to WCAG AA (4.5:1), which axe checks on every page:
 * white text on the primary shade 6, the light scheme's dimmed gray, and coloured text on the
 * tinted "light" variants (alerts, the active nav link) fall short of it.
 */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 8 },
  components: {
    Alert: Alert.extend({
      defaultProps: { variant: 'outline' },
      styles: { title: { color: 'var(--mantine-color-text)' }, message: { color: 'var(--mantine-color-text)' } },
    }),
    NavLink: NavLink.extend({ defaultProps: { variant: 'filled' } }),
  },
});

export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: { '--mantine-color-dimmed': t.colors.gray[7] },
  dark: { '--mantine-color-dimmed': t.colors.dark[1] },
});
