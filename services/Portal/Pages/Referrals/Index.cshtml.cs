using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authorization;
using Portal.Api;

namespace Portal.Pages.Referrals;

[Authorize(Policy = Roles.Practitioner)]
public sealed class IndexModel(ReferralsClient referrals) : PortalPage
{
    public List<ReferralSummary>? Items { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var result = await referrals.MineAsync(ct);
        if (Check(result, "list of referrals")) Items = result.Value?.Items;
    }
}
