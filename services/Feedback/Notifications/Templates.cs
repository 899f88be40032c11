using System.Globalization;
using BuildingBlocks.Time;
using FeedbackService.Domain;
using Contracts.Directory;
using Contracts.Referrals;

namespace FeedbackService.Notifications;

/// <summary>An activity as a message to the person referred names it, with what they need to get there where known.</summary>
public sealed record ActivityForPerson(string Name, ListingEssentials? Essentials);

/// <summary>
/// One message before it is addressed: the template name (what webhooks filter on), subject and text, and for a
/// message that may go to a person by post, the letter's text (<see cref="Templates.Letter"/>).
/// </summary>
/// <param name="Text">The shorter words for a text message, where the message has them (<see cref="Templates.TextLength"/> at most).</param>
public sealed record Message(string Template, Guid? ReferralId, string Subject, string Body, string? Letter = null, string? Text = null)
{
    /// <summary>The text sent on <paramref name="channel"/>: the letter's on paper, the short one by SMS, the message's everywhere else.</summary>
    public string BodyOn(string channel) => channel switch
    {
        Channels.Letter when Letter is not null => Letter,
        Channels.Sms when Text is not null => Text,
        _ => Body,
    };
}

/// <summary>
/// Plain-English messages: short, kind, no jargon. They never name the person to anyone but the person; the
/// referrer and provider find who it is from the referral reference, which the portal shows on the referral and in
/// its lists (<see cref="ReferralReference"/>).
/// </summary>
public static class Templates
{
    /// <summary>A FHIR Subscription's notification: the Task moved. The body sent is FHIR's (empty or id-only), never this text.</summary>
    public static Message FhirTaskChanged(Guid referralId) =>
        new(TaskSubscription.TaskChangedTemplate, referralId, "A referral Task changed", $"Task/{referralId}");

    /// <summary>The first, empty notification that proves the endpoint and makes the subscription active.</summary>
    public static Message FhirHandshake(Guid subscriptionId) =>
        new(TaskSubscription.HandshakeTemplate, null, "Subscription handshake", $"Subscription/{subscriptionId}");

    public static Message StatusChangedForReferrer(Guid referralId, string toStatus, string activity, string? reason)
    {
        var reference = ReferenceLine(referralId);
        var (subject, text) = toStatus switch
        {
            "requested" => ($"Your referral to {activity} has been sent",
                $"We have sent your referral to {activity}. We will let you know when they reply."),
            "accepted" => ($"{activity} has accepted your referral",
                $"Good news: {activity} has accepted your referral. They will be in touch with the person to arrange a first session."),
            "rejected" => ($"{activity} could not take your referral",
                $"{activity} is not able to take this referral{Because(reason)}. You may want to look for another activity in the directory."),
            "in-progress" => ($"The person has started at {activity}",
                $"The person you referred has started going to {activity}."),
            "on-hold" => ($"Your referral to {activity} is on hold",
                $"{activity} has put this referral on hold for now{Because(reason)}."),
            "completed" => ($"Your referral to {activity} is complete",
                $"{activity} has marked this referral as complete. Thank you for making it."),
            "failed" => ($"Your referral to {activity} has ended",
                $"{activity} has closed this referral{Because(reason)}. You may want to check in with the person."),
            "cancelled" => ($"Your referral to {activity} was cancelled",
                $"This referral to {activity} has been cancelled{Because(reason)}."),
            "entered-in-error" => ($"A referral to {activity} was withdrawn",
                $"This referral to {activity} was marked as made in error."),
            _ => ($"Your referral to {activity} has changed", $"This referral to {activity} is now {toStatus}."),
        };
        return new Message($"referral-{toStatus}", referralId, subject, $"{text}\n\n{reference}");
    }

    public static Message NewReferralForProvider(Guid referralId, string activity) => new("referral-new", referralId,
        $"New referral for {activity}",
        $"You have a new referral for {activity}. Please open it to accept or decline: the person is waiting to hear.\n\n{ReferenceLine(referralId)}");

    public static Message ResponseDueForProvider(Guid referralId, string activity, DateTimeOffset dueAt) => new("referral-response-due", referralId,
        $"A referral for {activity} needs a reply",
        $"A referral for {activity} is still waiting for a reply. Please accept or decline it by {Day(dueAt)}.\n\n{ReferenceLine(referralId)}");

    public static Message Escalated(Guid referralId, string activity, int daysWaiting) => new("referral-escalated", referralId,
        $"A referral to {activity} has had no reply",
        $"A referral to {activity} has waited {daysWaiting} days without a reply. It may help to contact the group, or to find another activity.\n\n{ReferenceLine(referralId)}");

    public static Message ConfirmListing(string activity, DateTimeOffset lastConfirmed, DateTimeOffset dueBy, bool stale) => new("listing-confirm", null,
        $"Is your listing for {activity} still right?",
        (stale
            ? $"Your listing for {activity} was last confirmed on {Day(lastConfirmed)}, so it now shows as out of date and appears lower in search results."
            : $"Your listing for {activity} was last confirmed on {Day(lastConfirmed)}. Please check it by {Day(dueBy)}.")
        + "\n\nIf nothing has changed, choose 'Still accurate' on the listing. If something has, edit it so people are not sent to the wrong place or time.");

    public static Message StaleListing(string activity, DateTimeOffset lastConfirmed) => new("listing-stale", null,
        $"{activity} has not been confirmed for a while",
        $"The listing for {activity} was last confirmed on {Day(lastConfirmed)}. It is now shown as out of date and waits in the verification queue.");

    public static Message ServiceUnavailable(Guid referralId, string activity, string note, string? alternative) => new("referral-service-unavailable", referralId,
        $"{activity} is not running at the moment",
        $"{activity} is not running at the moment: {note}" + (alternative is null ? "" : $"\nYou might try: {alternative}.") +
        $"\n\n{ReferenceLine(referralId)}");

    public static Message ListingSuspended(string activity, string note, string? alternative) => new("listing-suspended", null,
        $"Your listing for {activity} is shown as suspended",
        $"Your listing for {activity} is now shown as suspended: {note}" + (alternative is null ? "" : $"\nPeople are pointed to: {alternative}.") +
        "\n\nIt stays in search, marked suspended. Anyone with an open referral to it has been told.");

    public static Message MessagePosted(Guid referralId, string activity) => new("referral-message", referralId,
        $"New message about a referral to {activity}",
        $"There is a new message about a referral to {activity}. Please sign in to read it.\n\n{ReferenceLine(referralId)}");

    public static Message FirstAttendance(Guid referralId, string activity, DateOnly sessionDate) => new("attendance-first", referralId,
        $"The person went to {activity}",
        $"Good news: the person you referred attended their first session at {activity} on {sessionDate:d MMMM yyyy}.\n\n{ReferenceLine(referralId)}");

    public static Message NoShowsForProvider(Guid referralId, string activity, int missed) => new("attendance-no-shows", referralId,
        $"{missed} missed sessions in a row at {activity}",
        $"The person has missed the last {missed} sessions at {activity}. You may want to get in touch with them. If they no longer wish to come, you can mark the referral as failed.\n\n{ReferenceLine(referralId)}");

    public static Message NoShowsForReferrer(Guid referralId, string activity, int missed) => new("attendance-no-shows", referralId,
        $"The person has missed {missed} sessions at {activity}",
        $"The person you referred has missed the last {missed} sessions at {activity}. You may want to check in with them.\n\n{ReferenceLine(referralId)}");

    public static Message FollowUpDueForProvider(Guid referralId, string activity) => new("outcomes-follow-up-due", referralId,
        $"Time for follow-up wellbeing questions at {activity}",
        $"It is time to ask the follow-up wellbeing questions for a referral to {activity}. You can enter the answers, or send the person a link.\n\n{ReferenceLine(referralId)}");

    public static Message FollowUpRecorded(Guid referralId, string activity, Domain.OutcomeChange change) => new("outcomes-follow-up", referralId,
        $"How the person is doing after {activity}",
        $"The person you referred has answered the follow-up wellbeing questions at {activity}. Compared with when they started:\n" +
        $"- life satisfaction: {Signed(change.LifeSatisfaction)} (out of 10)\n" +
        $"- feeling that things in life are worthwhile: {Signed(change.Worthwhile)}\n" +
        $"- happiness: {Signed(change.Happiness)}\n" +
        $"- anxiety: {(change.AnxietyReduction >= 0 ? $"{change.AnxietyReduction} lower" : $"{-change.AnxietyReduction} higher")}\n" +
        $"- loneliness score: {(change.LonelinessReduction >= 0 ? $"{change.LonelinessReduction} lower" : $"{-change.LonelinessReduction} higher")} (on a scale of 3 to 9)\n\n" +
        ReferenceLine(referralId));

    /// <summary>
    /// Messages to the referrer that say whether the person went or how they are doing: sent, and still delivered,
    /// only while the person agrees to share attendance and outcomes with the referrer.
    /// </summary>
    public static bool TellsReferrerOfAttendance(string template) =>
        template is "attendance-first" or "attendance-no-shows" or "outcomes-follow-up"
        || (template.StartsWith("referral-", StringComparison.Ordinal) && ReferralStatuses.RevealsAttendance(template["referral-".Length..]));

    private static string Signed(int value) => value switch { > 0 => $"up {value}", < 0 => $"down {-value}", _ => "no change" };

    public static Message AcceptedForPerson(Guid referralId, string? firstName, ActivityForPerson activity)
    {
        var subject = $"{activity.Name} is looking forward to meeting you";
        var text = $"{activity.Name} has said yes to your referral. Someone from the group will be in touch soon to arrange your first visit. If you have any questions, just ask the person who referred you.";
        return ForPerson("person-accepted", referralId, firstName, subject, text, activity.Essentials);
    }

    public static Message ReminderForPerson(Guid referralId, string? firstName, ActivityForPerson activity, DateTimeOffset at)
    {
        var subject = $"See you at {activity.Name} on {Weekday(at)}";
        var text = $"this is a friendly reminder that your first session at {activity.Name} is on {Weekday(at)} at {UkTime.Clock(TimeOnly.FromDateTime(UkTime.Local(at)))}. We hope you enjoy it.";
        return ForPerson("person-reminder", referralId, firstName, subject, text, activity.Essentials);
    }

    /// <summary>
    /// A message to the person referred: its words, then what they need to get there, the same in an email and on paper;
    /// a text message gives where, the cost and whom to ask, each kept short, as a text must be.
    /// </summary>
    private static Message ForPerson(string template, Guid referralId, string? firstName, string subject, string text, ListingEssentials? essentials)
    {
        var withEssentials = text + EssentialsText(essentials);
        var shortEssentials = essentials is null ? null : essentials with { GettingThere = null, FirstVisit = null, WelcomedBy = null };
        var sms = $"Hello{Name(firstName)}, {text}{EssentialsText(shortEssentials, TextEssentialLength)}";
        return new(template, referralId, subject, $"Hello{Name(firstName)}, {withEssentials}", Letter(referralId, firstName, subject, withEssentials),
            sms.Length <= TextLength ? sms : sms[..(TextLength - 1)] + "\u2026");
    }

    /// <summary>GOV.UK Notify sends a text of up to 918 characters.</summary>
    public const int TextLength = 918;

    private const int TextEssentialLength = 120;

    /// <summary>
    /// Where, getting there, cost, who will welcome them, what to expect and where to ask, a line each, as the provider
    /// put them (each cut at <see cref="EssentialLength"/> characters, so a message always fits); empty when Directory
    /// has said none.
    /// </summary>
    public static string EssentialsText(ListingEssentials? essentials, int longest = EssentialLength)
    {
        if (essentials is null) return "";
        string? Cut(string? value) =>
            string.IsNullOrWhiteSpace(value) ? null : value.Trim() is var text && text.Length > longest ? text[..(longest - 1)] + "\u2026" : text;
        var ask = (Cut(essentials.Phone), Cut(essentials.Email)) switch
        {
            ({ } phone, { } email) => $"call {phone} or email {email}",
            ({ } phone, null) => $"call {phone}",
            (null, { } email) => $"email {email}",
            _ => null,
        };
        var lines = new (string Label, string? Value)[]
        {
            ("Where", Cut(essentials.Where)), ("Getting there", Cut(essentials.GettingThere)), ("Cost", Cut(essentials.Cost)),
            ("Who will welcome you", Cut(essentials.WelcomedBy)), ("What to expect", Cut(essentials.FirstVisit)), ("To ask the group", ask),
        }.Where(line => line.Value is not null).Select(line => $"{line.Label}: {line.Value}").ToList();
        return lines.Count == 0 ? "" : "\n\n" + string.Join("\n", lines);
    }

    public const int EssentialLength = 500;

    /// <summary>
    /// A message to the person as a letter: the same words as the message (never a second wording of it), laid out for
    /// paper and large print: a greeting, the subject as a heading,
    /// the message as one paragraph, and the reference to quote, since a letter cannot be replied to with a click.
    /// </summary>
    public static string Letter(Guid referralId, string? firstName, string subject, string text) =>
        $"Dear{(string.IsNullOrWhiteSpace(firstName) ? " reader" : $" {firstName}")},\n\n" +
        $"{subject}\n\n" +
        char.ToUpperInvariant(text[0]) + text[1..] +
        $"\n\nYour referral reference is {ReferralReference.For(referralId)}. Please give it if you phone or write about this referral.";

    /// <summary>The line every message about a referral ends with: what the reader matches it by in the portal.</summary>
    private static string ReferenceLine(Guid referralId) => $"Referral reference: {ReferralReference.For(referralId)}.";

    // Dates and times as the person's clock shows them (UK time), not UTC: an hour out all summer otherwise.
    private static string Day(DateTimeOffset at) => UkTime.Local(at).ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    private static string Weekday(DateTimeOffset at) => UkTime.Local(at).ToString("dddd d MMMM", CultureInfo.InvariantCulture);

    private static string Because(string? reason) => string.IsNullOrWhiteSpace(reason) ? "" : $" (reason: {reason.Replace('-', ' ')})";

    private static string Name(string? firstName) => string.IsNullOrWhiteSpace(firstName) ? "" : $" {firstName}";
}
