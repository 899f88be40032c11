using Portal.Print;

namespace Portal.Localisation;

/// <summary>One key fact in easy read: a picture (with its text alternative), a short heading and short sentences.</summary>
public sealed record EasyFact(FactKind Kind, string Picture, string Heading, IReadOnlyList<string> Sentences);

/// <summary>
/// The key facts of an activity in easy read (issue #19): when, where, cost, who you will meet, getting there and
/// access, each a short heading and short sentences, from the same facts the print sheet has (so the listing page,
/// the print page and the PDF never disagree). Other facts stay in the full list below them.
/// </summary>
public static class EasyReadFacts
{
    /// <summary>The facts easy read pictures, in the order a person needs them.</summary>
    public static readonly FactKind[] Pictured =
        [FactKind.When, FactKind.Where, FactKind.Cost, FactKind.WelcomedBy, FactKind.GettingThere, FactKind.Accessibility];

    public static IReadOnlyList<EasyFact> From(PrintedActivity activity)
    {
        var facts = new List<EasyFact>();
        foreach (var kind in Pictured)
        {
            var sentences = kind switch
            {
                FactKind.Cost => Lines(activity, kind) is [var cost, ..]
                    ? [cost == PortalText.Get("Facts.Free") ? PortalText.Get("EasyRead.Free") : PortalText.Format("EasyRead.Costs", cost)]
                    : [],
                FactKind.WelcomedBy => activity.Meet is { } meet ? [PortalText.Format("EasyRead.Meet", meet)] : [],
                _ => Lines(activity, kind),
            };
            if (sentences.Count > 0)
                facts.Add(new EasyFact(kind, PortalText.Get("EasyRead.Picture." + kind), PortalText.Get("EasyRead.Heading." + kind), sentences));
        }
        return facts;
    }

    /// <summary>The facts easy read does not picture, for the list below the pictures.</summary>
    public static IEnumerable<PrintedFact> Others(PrintedActivity activity) =>
        activity.Facts.Where(f => !Pictured.Contains(f.Kind));

    private static IReadOnlyList<string> Lines(PrintedActivity activity, FactKind kind) =>
        activity.Facts.FirstOrDefault(f => f.Kind == kind)?.Lines ?? [];
}
