"""The gradient lab: data, instrumented training runs, gradient flow at initialisation, findings,
plots and classroom jobs. Importing it has no side effects: the thread policy and the job registry
are set up by whoever serves runs (the app, the command line), once.
"""
