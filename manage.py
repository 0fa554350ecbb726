#!/usr/bin/env python
from tinhgon.manage import main

if __name__ == "__main__":
    main()
