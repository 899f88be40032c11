using Portal.Api;

namespace Portal.Pages.Referrals;

/// <summary>An assisted referral's contact route and support needs, in the words the referral page uses.</summary>
public static class AssistedText
{
    public static IReadOnlyList<string> Route(ContactRouteBody? route)
    {
        if (route is null) return [];
        var lines = new List<string>();
        switch (route.Kind)
        {
            case "post":
                lines.Add("By post" + (route.Address is { } postal ? ": " + postal : ""));
                break;
            case "home-visit":
                lines.Add("By a home visit" + (route.Address is { } visit ? ": " + visit : ""));
                break;
            case "practice":
                lines.Add("At the practice: the referrer passes messages on");
                break;
            case "carer":
                var who = string.Join(", ", new[] { route.CarerName, route.CarerRelationship }.Where(s => !string.IsNullOrWhiteSpace(s)));
                lines.Add($"Through {who}" + (route.CarerPhone is { } phone ? $", {phone}" : ""));
                if (route.PersonAgreed) lines.Add("The person agreed to be contacted through them.");
                break;
            default:
                lines.Add(route.Kind);
                break;
        }
        if (!string.IsNullOrWhiteSpace(route.Notes)) lines.Add(route.Notes);
        return lines;
    }

    public static IReadOnlyList<string> Support(SupportNeedsBody? needs)
    {
        if (needs is null) return [];
        var items = new List<string>();
        if (needs.Transport) items.Add("Transport to get there");
        if (needs.Companion) items.Add("Someone to go with them the first time");
        if (needs.HearingLoop) items.Add("A hearing loop");
        if (needs.Interpreter) items.Add(needs.InterpreterLanguage is { Length: > 0 } language ? $"An interpreter ({language})" : "An interpreter");
        return items;
    }
}
