from asm_guide.wizard.views import part_urlpatterns

from .steps import PART

app_name = "setup_phase"
urlpatterns = part_urlpatterns(PART)
