from asm_guide.wizard.views import part_urlpatterns

from .steps import PART

app_name = "strategy"
urlpatterns = part_urlpatterns(PART)
