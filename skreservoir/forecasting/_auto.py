"""placeholder"""
class AutoESNForecaster:
    pass
