"""Rules of the Law «О гражданстве Республики Казахстан» (20 December 1991 No. 1017-XII)."""
