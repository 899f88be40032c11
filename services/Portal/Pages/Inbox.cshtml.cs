using Microsoft.AspNetCore.Authorization;
using Portal.Api;

namespace Portal.Pages;

[Authorize]
public sealed class InboxModel(FeedbackClient feedback) : PortalPage
{
    public List<InboxItem>? Items { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var result = await feedback.InboxAsync(ct);
        if (Check(result, "notifications")) Items = result.Value!.Items;
    }
}
