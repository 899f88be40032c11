using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;

namespace Portal.Pages.Dev;

/// <summary>
/// The mail drop: account emails the embedded default kept instead of sending (no SMTP server or Notify there), so
/// someone trying it locally can open the link in a confirmation email. Only with Demo:Seed or in Development.
/// </summary>
public sealed partial class MailModel(AccountMessagesClient mail, IConfiguration configuration, IHostEnvironment environment) : PortalPage
{
    public List<DroppedMail> Messages { get; private set; } = [];

    public static bool Available(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue("Demo:Seed", false) || environment.IsDevelopment();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!Available(configuration, environment)) return NotFound();
        var result = await mail.MailDropAsync(cancellationToken);
        if (Check(result, "mail drop")) Messages = result.Value!.Items;
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
