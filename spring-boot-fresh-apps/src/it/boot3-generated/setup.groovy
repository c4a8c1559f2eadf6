evaluate(new File(freshApps, 'setup-app.groovy'))
