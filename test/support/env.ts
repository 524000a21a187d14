/**
 * The environment for a child `onr` process started by a test. The test harness's own flags
 * (ONR_TEST_REQUIRE_POSTGRES, ONR_TEST_REQUIRE_BROWSER, set by CI) are not settings of the
 * registry, and `onr serve` rightly refuses unknown ONR_* settings, so they are left out.
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('ONR_TEST_')) env[key] = value;
  }
  return { ...env, ...extra };
}
