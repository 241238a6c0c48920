// SQL of the cloud API nonce ledger, shared by the SQLite and PostgreSQL stores ('?' placeholders).

/**
 * Inserts the nonce; a row still in force makes the statement change nothing (the replay), while an
 * expired row housekeeping has not deleted yet is taken over. Parameters: key, expires_at, now.
 */
export const CLAIM_NONCE = `INSERT INTO cloud_nonces (nonce_key, expires_at) VALUES (?, ?)
  ON CONFLICT (nonce_key) DO UPDATE SET expires_at = excluded.expires_at WHERE cloud_nonces.expires_at <= ?`;

export const PURGE_NONCES = 'DELETE FROM cloud_nonces WHERE expires_at <= ?';
