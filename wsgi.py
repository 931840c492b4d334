from schoolot import create_app

app = create_app()
