// The signed-in user: sign-in, sign-out, and the user kept across reloads next to the API token.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { api, tokenStore } from '../api/client.ts';
import type { LoginResponse, SessionUser } from '../api/types.ts';

const USER_KEY = 'kuaixin.user';

interface Auth {
  user: SessionUser | null;
  login: (username: string, password: string) => Promise<void>;
  logout: () => void;
}

const AuthContext = createContext<Auth | null>(null);

function savedUser(): SessionUser | null {
  const raw = localStorage.getItem(USER_KEY);
  if (!raw || !tokenStore.get()) return null;
  try {
    return JSON.parse(raw) as SessionUser;
  } catch {
    return null;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null>(savedUser);

  const login = useCallback(async (username: string, password: string) => {
    tokenStore.clear(); // a stale token must not turn a wrong password into "session ended"
    const session = await api<LoginResponse>('/v1/auth/login', { method: 'POST', body: { username, password }, quiet: true });
    tokenStore.set(session.token);
    localStorage.setItem(USER_KEY, JSON.stringify(session.user));
    setUser(session.user);
  }, []);

  const logout = useCallback(() => {
    tokenStore.clear();
    localStorage.removeItem(USER_KEY);
    setUser(null);
  }, []);

  const value = useMemo(() => ({ user, login, logout }), [user, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}
