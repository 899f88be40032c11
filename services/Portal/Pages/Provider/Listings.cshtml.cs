using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authorization;
using Portal.Api;

namespace Portal.Pages.Provider;

[Authorize(Policy = Roles.Provider)]
public sealed class ListingsModel(DirectoryClient directory) : PortalPage
{
    public List<Listing>? Items { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var result = await directory.MyServicesAsync(ct);
        if (Check(result, "list of your listings")) Items = result.Value;
    }
}
