using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authorization;
using Portal.Api;

namespace Portal.Pages.Provider;

[Authorize(Policy = Roles.Provider)]
public sealed class IncomingModel(ReferralsClient referrals) : PortalPage
{
    public List<ReferralSummary>? Items { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var result = await referrals.IncomingAsync(ct);
        if (Check(result, "list of incoming referrals")) Items = result.Value?.Items;
    }
}
