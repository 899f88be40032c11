using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Api;

namespace Portal.Pages;

public sealed record FieldMessage(string InputId, string Message);

public sealed record Notice(string Heading, string Text);

/// <summary>
/// What every page does with a service's answer: field messages go to the NHS.UK error summary (and beside the
/// field), a missing or unavailable service becomes a plain-English notice. Never a stack trace.
/// </summary>
public abstract class PortalPage : PageModel
{
    public List<FieldMessage> Errors { get; } = [];
    public List<Notice> Notices { get; } = [];
    public bool HasErrors => Errors.Count > 0;
    /// <summary>Set by Shared/_Notices when the page shows its notices itself (below its heading).</summary>
    public bool NoticesShown { get; set; }

    /// <summary>Form inputs are named by the API's JSON path ("person.givenName" has id "person-givenName").</summary>
    public static string InputId(string field) => field.Replace('.', '-');

    public string? ErrorFor(string field) =>
        Errors.FirstOrDefault(e => string.Equals(e.InputId, InputId(field), StringComparison.OrdinalIgnoreCase))?.Message;

    public void AddError(string field, string message) => Errors.Add(new FieldMessage(InputId(field), message));

    /// <summary>
    /// A form checked by its FluentValidation validator before anything is saved; each failure goes to the error
    /// summary and beside its field (a property "NewPassword" is the input "newPassword").
    /// </summary>
    protected bool Validate<T>(IValidator<T> validator, T form)
    {
        foreach (var failure in validator.Validate(form).Errors)
            AddError(JsonNamingPolicy.CamelCase.ConvertName(failure.PropertyName), failure.ErrorMessage);
        return !HasErrors;
    }

    /// <summary>
    /// The thing the page's address names is not there for this person: the service says it does not exist, or that
    /// they may not see it. The page then answers 404 (<see cref="PageModel.NotFound()"/>: the portal's own not-found
    /// page, in the person's language), the same either way, so it reveals nothing about whether, say, another
    /// practitioner's referral exists, and never shows the service's wording ("Service '…' was not found").
    /// </summary>
    protected static bool IsMissing<T>(ApiResult<T> result) => result.Outcome is ApiOutcome.NotFound or ApiOutcome.Forbidden;

    /// <summary>True when the call worked; otherwise records what the person needs to know and returns false.</summary>
    protected bool Check<T>(ApiResult<T> result, string what, string firstField = "maincontent")
    {
        switch (result.Outcome)
        {
            case ApiOutcome.Ok:
                return true;
            case ApiOutcome.Invalid:
                var problem = result.Problem!;
                foreach (var (field, messages) in problem.Errors)
                foreach (var message in messages)
                    AddError(field, message);
                if (problem.Errors.Count == 0) AddError(firstField, problem.Detail ?? problem.Title);
                break;
            case ApiOutcome.NotFound:
                Notices.Add(new Notice($"{Capitalise(what)} not found", result.Problem?.Detail ?? $"We could not find this {what}."));
                break;
            case ApiOutcome.Forbidden:
                Notices.Add(new Notice("You cannot do this", $"Your account does not have access to this {what}."));
                break;
            default:
                Notices.Add(new Notice($"{Capitalise(what)} not available yet",
                    $"We cannot show or change the {what} at the moment: the {result.Service} service does not offer it " +
                    "yet, or is temporarily down. Nothing has been changed. Please try again later."));
                break;
        }
        return false;
    }

    /// <summary>
    /// The one-line message shown after a redirect. It travels in a cookie, and some messages name what a form posted,
    /// so a long one is cut: a hostile form field must not grow the response's headers past what a client accepts.
    /// </summary>
    protected void Flash(string message) =>
        TempData["Success"] = message.Length <= FlashLength ? message : message[..(FlashLength - 1)] + "\u2026";

    private const int FlashLength = 500;

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}

/// <summary>Shows loosely-typed fields (the services are still growing) as short plain text.</summary>
public static class Show
{
    public static string Text(JsonElement? value) => value switch
    {
        null => "",
        { ValueKind: JsonValueKind.String } v => v.GetString() ?? "",
        { ValueKind: JsonValueKind.Number } v => v.ToString(),
        { ValueKind: JsonValueKind.True } => PortalText.Get("Common.Yes"),
        { ValueKind: JsonValueKind.False } => PortalText.Get("Common.No"),
        { ValueKind: JsonValueKind.Object } v => Describe(v),
        { ValueKind: JsonValueKind.Array } v => string.Join(", ", v.EnumerateArray().Select(e => Text(e)).Where(s => s.Length > 0)),
        _ => "",
    };

    public static string Cost(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.Number } v => v.GetDecimal() == 0 ? PortalText.Get("Facts.Free")
            : "£" + v.GetDecimal().ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
        { ValueKind: JsonValueKind.True } => PortalText.Get("Facts.Free"),
        _ => Text(value) is { Length: > 0 } t ? t : PortalText.Get("Facts.AskOrganiser"),
    };

    public static string Referrals(JsonElement? accepting) => Text(accepting) switch
    {
        "yes" => PortalText.Get("Facts.AcceptingReferrals"),
        "no" => PortalText.Get("Facts.NotAcceptingReferrals"),
        "waitlist" => PortalText.Get("Facts.Waitlist"),
        var other => Status(other),
    };

    public static string Status(string? status) => status?.Replace('-', ' ') ?? "";

    /// <summary>An instant as UK clocks showed it (the services answer in UTC).</summary>
    public static string Date(DateTimeOffset? at) =>
        at is { } instant ? UkTime.Local(instant).ToString("d MMMM yyyy, HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "";

    /// <summary>"8 December 2026" in the reader's language (its month names from the portal's resources, not the server's culture).</summary>
    public static string Day(DateOnly? day) => day is { } d ? UkTime.DayMonthYear(d) : "";

    /// <summary>A change already signed so that positive is better ("2 better", "1 worse", "no change").</summary>
    public static string Change(int better) => better switch
    {
        > 0 => $"{better} better",
        < 0 => $"{-better} worse",
        _ => "no change",
    };

    /// <summary>Who moved a referral on, as the other side would say it.</summary>
    public static string Party(string? role) => role switch
    {
        "referrer" => "the referrer",
        "provider" => "the group",
        "system" => "the system",
        _ => role ?? "",
    };

    // Prefer the fields a person reads ("text", "description", "start"...); fall back to name/value pairs.
    private static string Describe(JsonElement value)
    {
        // A listing's translation is every field it gives (a curator checks its name and summary, not only its description).
        if (!value.TryGetProperty("language", out _))
            foreach (var key in new[] { "text", "description", "label", "name", "display" })
                if (value.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String) return v.GetString()!;
        return string.Join(", ", value.EnumerateObject()
            .Where(p => p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
            .Select(p => $"{p.Name}: {Text(p.Value)}"));
    }
}
