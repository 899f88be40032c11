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
        if (referral.Referrer?.Name is { Length: > 0 } referrer) intro.Add(PortalText.Format("Print.SuggestedBy", referrer));
        if (NextStep(referral.Status) is { } next) intro.Add(next);
        var activity = listing is null
            ? new PrintedActivity(referral.ServiceName ?? PortalText.Get("Print.ReferredActivity"), null, null, [],
                [new PrintedFact(PortalText.Get("Print.Details"), [PortalText.Get("Print.AskGiver")])])
            : PrintedActivity.From(listing, today);
        // Withheld (the provider's side without consent) or anonymised: no name at all, not even the first.
        var firstName = referral is { PersonWithheld: false, Anonymised: false } ? referral.Person?.GivenName?.Trim() : null;
        return new PrintSheet(PortalText.Get("Print.PrescriptionHeading"), string.IsNullOrEmpty(firstName) ? null : firstName, intro, [activity],
            FooterLines(today, listing is null ? null : listingUrl));
    }

    /// <summary>A provider's noticeboard leaflet: one activity, its name the title, nobody named.</summary>
    public static PrintSheet Leaflet(Listing listing, DateOnly today, string listingUrl) =>
        new(null, null, [], [PrintedActivity.From(listing, today)], FooterLines(today, listingUrl));

    /// <summary>A practitioner's shortlist to hand over, with a line to write the person's first name on.</summary>
    public static PrintSheet Shortlist(IReadOnlyList<Listing> listings, string? suggestedBy, DateOnly today) =>
        new(PortalText.Get("Print.ShortlistHeading"), "",
            suggestedBy is { Length: > 0 } by ? [PortalText.Format("Print.SuggestedBy", by)] : [],
            [.. listings.Select(l => PrintedActivity.From(l, today))], FooterLines(today, null));

    private static string? NextStep(string status) => status switch
    {
        "requested" => PortalText.Get("Print.NextRequested"),
        "accepted" or "in-progress" => PortalText.Get("Print.NextAccepted"),
        _ => null,
    };

    private static List<string> FooterLines(DateOnly today, string? listingUrl)
    {
        var footer = new List<string> { PortalText.Format("Print.PrintedOn", Show.Day(today)) };
        if (listingUrl is not null) footer.Add(PortalText.Format("Print.FindOutMore", PrintedActivity.OnPaper(listingUrl)));
        return footer;
    }
}

/// <summary>One activity on paper: its name, who runs it, what it is, and its facts in the order a person needs them.</summary>
/// <param name="Notice">A warning that goes before everything else (the activity is not running).</param>
/// <param name="Meet">Who a newcomer meets: the named welcomer, or else the contact's name (easy read's "who you will meet").</param>
/// <param name="NameLang">The language of <paramref name="Name"/> (a translation's, or "en"), for its <c>lang</c> attribute.</param>
/// <param name="AboutLangs">The language of each line of <paramref name="About"/>, in the same order.</param>
public sealed record PrintedActivity(string Name, string? Organisation, string? Notice, IReadOnlyList<string> About,
    IReadOnlyList<PrintedFact> Facts, string? Meet = null, string NameLang = "en", IReadOnlyList<string>? AboutLangs = null)
{
    public string AboutLang(int line) => AboutLangs is { } langs && line < langs.Count ? langs[line] : "en";

    public static PrintedActivity From(Listing s, DateOnly today)
    {
        var facts = new List<PrintedFact>();
        Add(facts, FactKind.When, PortalText.Get("Facts.When"), [.. ScheduleText.Describe(s.Schedules),
            // A date, never "tomorrow": the paper is read on later days than the one it was printed on.
            .. ScheduleText.Soonest(s.Schedules) is { } next ? [PortalText.Format("Print.Next", UkTime.Dated(next, today))] : Array.Empty<string>()]);
        Add(facts, FactKind.Where, PortalText.Get("Facts.Where"), [.. (s.Locations ?? []).Select(place => place.Address),
            .. s.AttendingType is "online" or "phone" ? [ListingFacts.AttendingType(s.AttendingType)] : Array.Empty<string>()]);
        Add(facts, FactKind.GettingThere, PortalText.Get("Facts.GettingThere"), Lines(s.GettingThere));
        Add(facts, FactKind.Cost, PortalText.Get("Facts.Cost"), [ListingFacts.Cost(s.Cost)]);
        Add(facts, FactKind.WhoFor, PortalText.Get("Facts.WhoFor"), [ListingFacts.Ages(s.Eligibility?.MinimumAge, s.Eligibility?.MaximumAge), s.Eligibility?.Description]);
        Add(facts, FactKind.HowToJoin, PortalText.Get("Facts.HowToJoin"), [ListingFacts.Joining(s.Access)]);
        Add(facts, FactKind.FirstVisit, PortalText.Get("Print.FirstVisit"), Lines(s.FirstVisit));
        Add(facts, FactKind.WelcomedBy, PortalText.Get("Print.WelcomedBy"), [s.WelcomedBy]);
        Add(facts, FactKind.Contact, PortalText.Get("Print.Contact"), [
            s.Contact?.Name is { Length: > 0 } name ? PortalText.Format("Print.AskFor", name) : null,
            s.Phone is { Length: > 0 } phone ? PortalText.Format("Print.Phone", LeftToRight(phone)) : null,
            s.Email is { Length: > 0 } email ? PortalText.Format("Print.Email", email) : null,
            s.Website is { Length: > 0 } website ? PortalText.Format("Print.Website", OnPaper(website)) : null]);
        // One line that wraps, not one per feature: a place may offer five or six, and the sheet is one page.
        Add(facts, FactKind.Accessibility, PortalText.Get("Facts.Accessibility"), [string.Join(", ", (s.Accessibility ?? []).Select(ListingFacts.Accessibility))]);
        Add(facts, FactKind.Languages, PortalText.Get("Facts.Languages"), [s.Languages is { Count: > 0 } languages ? ListingFacts.Languages(languages) : null]);
        var notice = s.Suspended || s.Status == "suspended" ? PortalText.Get("Listing.NotRunning") : null;
        var meet = !string.IsNullOrWhiteSpace(s.WelcomedBy) ? s.WelcomedBy.Trim()
            : !string.IsNullOrWhiteSpace(s.Contact?.Name) ? s.Contact.Name.Trim() : null;
        var about = new[] { (Text: s.Summary, Lang: s.LangOf("summary")), (Text: s.Description, Lang: s.LangOf("description")) }
            .Where(t => !string.IsNullOrWhiteSpace(t.Text)).ToList();
        return new PrintedActivity(s.Name, s.OrganisationName, notice, [.. about.Select(t => t.Text!.Trim())], facts, meet,
            s.LangOf("name"), [.. about.Select(t => t.Lang)]);
    }

    /// <summary>A web address as people write it on paper: without "https://", which browsers add for them.</summary>
    public static string OnPaper(string url) =>
        url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? url[8..].TrimEnd('/')
        : url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? url[7..].TrimEnd('/')
        : url;

    /// <summary>
    /// A phone number kept in its own order inside a right-to-left line (Arabic would otherwise put "023 9200 0000"'s
    /// groups of digits the other way round): Unicode's left-to-right isolate around it, only where the page is rtl.
    /// </summary>
    private static string LeftToRight(string text) => Localisation.PortalCultures.Current.RightToLeft ? "\u2066" + text + "\u2069" : text;

    /// <summary>A provider's own text as they broke it into lines (each line wraps on paper).</summary>
    private static string[] Lines(string? text) => (text ?? "").Split('\n');

    private static void Add(List<PrintedFact> facts, FactKind kind, string label, IEnumerable<string?> lines)
    {
        var text = lines.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l!.Trim()).ToList();
        if (text.Count > 0) facts.Add(new PrintedFact(label, text, kind));
    }
}

/// <summary>Which fact it is, whatever the language of its label: easy read gives the key ones a picture.</summary>
public enum FactKind { Other, When, Where, GettingThere, Cost, WhoFor, HowToJoin, FirstVisit, WelcomedBy, Contact, Accessibility, Languages }

/// <summary>A labelled fact ("Cost": "Free"), one or more lines.</summary>
public sealed record PrintedFact(string Label, IReadOnlyList<string> Lines, FactKind Kind = FactKind.Other);
