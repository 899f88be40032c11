using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;

namespace Portal.Pages.Dev;

/// <summary>
/// The mail drop: what the embedded default kept instead of sending (no SMTP server or Notify there), so someone trying
/// it locally can open the link in a confirmation email. Anyone may read the account emails to an address they type;
/// only a signed-in user sees the mail to them and to the people they referred (Feedback decides who referred whom),
/// since a letter carries a person's name and address. Only with Demo:Seed or in Development.
/// </summary>
public sealed partial class MailModel(AccountMessagesClient accountMail, FeedbackClient feedback, IConfiguration configuration,
    IHostEnvironment environment) : PortalPage
{
    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    public List<DroppedMail> Messages { get; private set; } = [];

    public bool SignedIn => User.Identity?.IsAuthenticated == true;

    public static bool Available(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue("Demo:Seed", false) || environment.IsDevelopment();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!Available(configuration, environment)) return NotFound();
        To = string.IsNullOrWhiteSpace(To) ? null : To.Trim();
        if (To is not null)
        {
            var result = await accountMail.MailDropAsync(To, cancellationToken);
            if (Check(result, "mail drop", "to")) Messages.AddRange(result.Value!.Items);
        }
        if (SignedIn)
        {
            var result = await feedback.MyMailDropAsync(cancellationToken);
            if (Check(result, "mail drop")) Messages.AddRange(result.Value!.Items.Where(m => Messages.All(shown => shown.Id != m.Id)));
        }
        Messages = [.. Messages.OrderByDescending(m => m.CreatedAt)];
        return Page();
    }

    /// <summary>The body's text with its links, for the view to show as links.</summary>
    public static IEnumerable<(string Text, bool IsLink)> Parts(string body)
    {
        var at = 0;
        foreach (Match link in Links().Matches(body))
        {
            if (link.Index > at) yield return (body[at..link.Index], false);
            yield return (link.Value, true);
            at = link.Index + link.Length;
        }
        if (at < body.Length) yield return (body[at..], false);
    }

    [GeneratedRegex(@"https?://[^\s]+")]
    private static partial Regex Links();
}
