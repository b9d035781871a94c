"""The law engine's tests need no Django: nothing here touches the database."""
