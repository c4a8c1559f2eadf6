evaluate(new File(freshApps, 'verify-app.groovy'))
