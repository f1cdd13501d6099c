import { createContext, useContext, type ReactNode } from 'react';
import { defaultConfig, type RuntimeConfig } from '../config/runtime-config';

const ConfigContext = createContext<RuntimeConfig>(defaultConfig);

export function ConfigProvider({ config, children }: { config: RuntimeConfig; children: ReactNode }) {
  return <ConfigContext.Provider value={config}>{children}</ConfigContext.Provider>;
}

export const useRuntimeConfig = (): RuntimeConfig => useContext(ConfigContext);
