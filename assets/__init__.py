"""Files shipped with fieldcrm (installed as the ``fieldcrm.assets`` package)."""
