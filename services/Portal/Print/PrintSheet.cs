using Portal.Api;
using Portal.Pages;

namespace Portal.Print;

/// <summary>
/// What goes on the paper a practitioner hands over or a group pins up, decided once: the print page and the PDF both
/// render this, so they say the same things in the same words. A person appears by first name only: never their
/// family name, date of birth, NHS number or contact details.
/// </summary>
/// <param name="Heading">The page's title; null when the sheet is one activity's leaflet (its name is the title).</param>
/// <param name="For">The person's first name; "" for a line to write a name on by hand; null for no such line.</param>
public sealed record PrintSheet(string? Heading, string? For, IReadOnlyList<string> Intro,
    IReadOnlyList<PrintedActivity> Activities, IReadOnlyList<string> Footer)
{
    /// <summary>A social prescription: the referred activity, for the person named by their first name.</summary>
    /// <param name="listing">The activity as the Directory has it now; null when it is no longer listed.</param>
    public static PrintSheet Prescription(ReferralDetail referral, Listing? listing, DateOnly today, string listingUrl)
    {
        var intro = new List<string>();
        if (referral.Referrer?.Name is { Length: > 0 } referrer) intro.Add($"Suggested for you by {referrer}.");
        if (NextStep(referral.Status) is { } next) intro.Add(next);
        var activity = listing is null
            ? new PrintedActivity(referral.ServiceName ?? "The activity you were referred to", null, null, [],
                [new PrintedFact("Details", ["Ask the person who gave you this sheet."])])
            : PrintedActivity.From(listing, today);
        // Withheld (the provider's side without consent) or anonymised: no name at all, not even the first.
        var firstName = referral is { PersonWithheld: false, Anonymised: false } ? referral.Person?.GivenName?.Trim() : null;
        return new PrintSheet("Your social prescription", string.IsNullOrEmpty(firstName) ? null : firstName, intro, [activity],
            FooterLines(today, listing is null ? null : listingUrl));
    }

    /// <summary>A provider's noticeboard leaflet: one activity, its name the title, nobody named.</summary>
    public static PrintSheet Leaflet(Listing listing, DateOnly today, string listingUrl) =>
        new(null, null, [], [PrintedActivity.From(listing, today)], FooterLines(today, listingUrl));

    /// <summary>A practitioner's shortlist to hand over, with a line to write the person's first name on.</summary>
    public static PrintSheet Shortlist(IReadOnlyList<Listing> listings, string? suggestedBy, DateOnly today) =>
        new("Activities you could try", "",
            suggestedBy is { Length: > 0 } by ? [$"Suggested for you by {by}."] : [],
            [.. listings.Select(l => PrintedActivity.From(l, today))], FooterLines(today, null));

    private static string? NextStep(string status) => status switch
    {
        "requested" => "We have passed your details to the group. They will be in touch, or you can contact them yourself.",
        "accepted" or "in-progress" => "The group knows you are coming and is expecting you.",
        _ => null,
    };

    private static List<string> FooterLines(DateOnly today, string? listingUrl)
    {
        var footer = new List<string> { $"Printed on {Show.Day(today)}. Times can change: check before you go." };
        if (listingUrl is not null) footer.Add($"Find out more: {PrintedActivity.OnPaper(listingUrl)}");
        return footer;
    }
}

/// <summary>One activity on paper: its name, who runs it, what it is, and its facts in the order a person needs them.</summary>
/// <param name="Notice">A warning that goes before everything else (the activity is not running).</param>
public sealed record PrintedActivity(string Name, string? Organisation, string? Notice, IReadOnlyList<string> About,
    IReadOnlyList<PrintedFact> Facts)
{
    public static PrintedActivity From(Listing s, DateOnly today)
    {
        var facts = new List<PrintedFact>();
        Add(facts, "When", [.. ScheduleText.Describe(s.Schedules),
            // A date, never "tomorrow": the paper is read on later days than the one it was printed on.
            .. ScheduleText.Soonest(s.Schedules) is { } next ? ["Next: " + UkTime.Dated(next, today)] : Array.Empty<string>()]);
        Add(facts, "Where", [.. (s.Locations ?? []).Select(place => place.Address),
            .. s.AttendingType is "online" or "phone" ? [ListingFacts.AttendingType(s.AttendingType)] : Array.Empty<string>()]);
        Add(facts, "Getting there", Lines(s.GettingThere));
        Add(facts, "Cost", [ListingFacts.Cost(s.Cost)]);
        Add(facts, "Who it is for", [ListingFacts.Ages(s.Eligibility?.MinimumAge, s.Eligibility?.MaximumAge), s.Eligibility?.Description]);
        Add(facts, "How to join", [ListingFacts.Joining(s.Access)]);
        Add(facts, "First visit", Lines(s.FirstVisit));
        Add(facts, "Welcomed by", [s.WelcomedBy]);
        Add(facts, "Contact", [
            s.Contact?.Name is { Length: > 0 } name ? $"Ask for {name}" : null,
            s.Phone is { Length: > 0 } phone ? $"Phone: {phone}" : null,
            s.Email is { Length: > 0 } email ? $"Email: {email}" : null,
            s.Website is { Length: > 0 } website ? $"Website: {OnPaper(website)}" : null]);
        // One line that wraps, not one per feature: a place may offer five or six, and the sheet is one page.
        Add(facts, "Accessibility", [string.Join(", ", (s.Accessibility ?? []).Select(ListingFacts.Accessibility))]);
        Add(facts, "Languages", [s.Languages is { Count: > 0 } languages ? string.Join(", ", languages) : null]);
        var notice = s.Suspended || s.Status == "suspended" ? "This activity is not running at the moment." : null;
        return new PrintedActivity(s.Name, s.OrganisationName, notice,
            [.. new[] { s.Summary, s.Description }.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!.Trim())], facts);
    }

    /// <summary>A web address as people write it on paper: without "https://", which browsers add for them.</summary>
    public static string OnPaper(string url) =>
        url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? url[8..].TrimEnd('/')
        : url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? url[7..].TrimEnd('/')
        : url;

    /// <summary>A provider's own text as they broke it into lines (each line wraps on paper).</summary>
    private static string[] Lines(string? text) => (text ?? "").Split('\n');

    private static void Add(List<PrintedFact> facts, string label, IEnumerable<string?> lines)
    {
        var text = lines.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l!.Trim()).ToList();
        if (text.Count > 0) facts.Add(new PrintedFact(label, text));
    }
}

/// <summary>A labelled fact ("Cost": "Free"), one or more lines.</summary>
public sealed record PrintedFact(string Label, IReadOnlyList<string> Lines);
