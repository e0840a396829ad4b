"""The registry's request and answer schemas, one module per aggregate; ``registry.schemas.X`` names them all, as
the API and the pages use one set."""

from registry.schemas.applications import (  # noqa: F401
    ActionIn,
    AppealDecisionIn,
    AppealIn,
    ApplicationDetail,
    ApplicationIn,
    ApplicationLogOut,
    ApplicationOut,
    ClaimIn,
    CriterionIn,
    DocumentOut,
    DocumentTypeIn,
    DocumentTypeOut,
    DocumentVerdict,
    PeriodIn,
    PeriodList,
    PeriodOut,
    RequirementIn,
    ReviewIn,
    RulesIn,
    ScoreBandIn,
    ScoreOptionIn,
    ScoreReviewIn,
    ScoreVerdict,
    TierIn,
)
from registry.schemas.common import (  # noqa: F401
    CODE_ERROR,
    MEDIA_TYPES,
    Code,
    ListQuery,
    load_form,
)
from registry.schemas.contracts import (  # noqa: F401
    ContractIn,
    ContractMoveIn,
    ContractOut,
    DecreeIn,
    DecreeOut,
    FiguresQuery,
    PaymentListQuery,
    PaymentMoveIn,
    PaymentQuery,
    ProofIn,
    ProofOut,
    ProofReviewIn,
)
from registry.schemas.kim import (  # noqa: F401
    REGION_CODE,
    KimActivityIn,
    KimIn,
    KimListQuery,
    KimMemberIn,
)
from registry.schemas.outlets import (  # noqa: F401
    DEWAN_PERS_STATUSES,
    ENTITY_TYPES,
    DewanPersIn,
    InvitationIn,
    JournalistIn,
    JournalistLeave,
    JournalistOut,
    JournalistPatch,
    Outlet,
    OutletChangeOut,
    OutletDetail,
    OutletInput,
    OutletPage,
    OutletPatch,
    Release,
    ReleasePage,
)
from registry.schemas.privacy import (  # noqa: F401
    RevealedOut,
    RevealIn,
)
