"""Staff sign-in, sign-out and password links; respondents never sign in."""
