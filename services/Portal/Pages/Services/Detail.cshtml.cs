using Portal.Api;

namespace Portal.Pages.Services;

public sealed class DetailModel(DirectoryClient directory) : PortalPage
{
    public Listing? Listing { get; private set; }

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        var result = await directory.GetServiceAsync(id, ct);
        if (Check(result, "activity")) Listing = result.Value;
    }
}
