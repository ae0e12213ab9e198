from archgen.cli import main

main()
