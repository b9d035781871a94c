"""Operations on a whole deployment: encrypted backup and restore (docs/backup.md)."""
