from vnplan.pipeline.cli import main

raise SystemExit(main())
