using System.Text.Json;
using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authorization;
using Portal.Api;

namespace Portal.Pages.Curator;

/// <summary>A placeholder over the Directory's analytics endpoint: shows what the service returns, or why it cannot.</summary>
[Authorize(Policy = Roles.Curator)]
public sealed class AnalyticsModel(DirectoryClient directory) : PortalPage
{
    public JsonElement? Data { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var result = await directory.AnalyticsAsync(ct);
        if (Check(result, "analytics") && result.Value.ValueKind == JsonValueKind.Object) Data = result.Value;
    }
}
