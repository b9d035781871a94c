"""Rules of the Criminal Procedure Code of the Republic of Kazakhstan (4 July 2014 No. 231-V)."""
