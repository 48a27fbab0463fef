import { defineBackground } from 'wxt/utils/define-background';
import { startBackground } from '../lib/background';
import { startTestHook } from '../lib/background/test-hook';

export default defineBackground(() => {
  startBackground();
  // The sandbox build only (a compile-time constant: the store build drops the hook entirely).
  if (import.meta.env.OCTOLENS_SANDBOX) startTestHook();
});
