"""Rules of the Criminal Code of the Republic of Kazakhstan (3 July 2014 No. 226-V), by article."""
