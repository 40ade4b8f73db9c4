from symphainy.cli import main

main()
