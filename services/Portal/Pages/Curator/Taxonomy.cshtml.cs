using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authorization;
using Portal.Api;

namespace Portal.Pages.Curator;

[Authorize(Policy = Roles.Curator)]
public sealed class TaxonomyModel(DirectoryClient directory) : PortalPage
{
    public List<TaxonomyTerm>? Terms { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var result = await directory.TaxonomyAsync(ct);
        if (Check(result, "taxonomy")) Terms = result.Value;
    }
}
