using Contracts.Directory;
using Contracts.Referrals;
using FeedbackService.Notifications;

namespace Feedback.Tests.Notifications;

public sealed class TemplatesTests
{
    [Fact]
    public void A_first_session_reminder_in_summer_gives_the_time_on_the_UK_clock_not_UTC()
    {
        // 09:00 UTC on Tuesday 6 July 2027 is 10am British Summer Time.
        var reminder = Templates.ReminderForPerson(Guid.NewGuid(), "Ada", new("Cosham Walking Group", null), new DateTimeOffset(2027, 7, 6, 9, 0, 0, TimeSpan.Zero));

        Assert.Equal("See you at Cosham Walking Group on Tuesday 6 July", reminder.Subject);
        Assert.Contains("your first session at Cosham Walking Group is on Tuesday 6 July at 10am.", reminder.Body);
    }

    [Fact]
    public void A_reply_date_just_after_midnight_in_summer_is_the_UK_day_not_the_UTC_one()
    {
        // 23:30 UTC on 30 June is 00:30 on 1 July in the UK.
        var due = Templates.ResponseDueForProvider(Guid.NewGuid(), "Lunch club", new DateTimeOffset(2027, 6, 30, 23, 30, 0, TimeSpan.Zero));

        Assert.Contains("by 1 July 2027", due.Body);
    }

    [Fact]
    public void The_acceptance_letter_says_what_the_message_says_greets_the_person_and_gives_the_reference_to_quote()
    {
        var referralId = Guid.NewGuid();

        var accepted = Templates.AcceptedForPerson(referralId, "Mary", new("Cosham Lunch Club", null));

        Assert.NotNull(accepted.Letter);
        Assert.StartsWith("Dear Mary,\n\nCosham Lunch Club is looking forward to meeting you\n\n", accepted.Letter);
        Assert.Contains(accepted.Body["Hello Mary, ".Length..], accepted.Letter);
        Assert.EndsWith($"Your referral reference is {ReferralReference.For(referralId)}. Please give it if you phone or write about this referral.", accepted.Letter);
        Assert.Equal(accepted.Letter, accepted.BodyOn(FeedbackService.Domain.Channels.Letter));
        Assert.Equal(accepted.Body, accepted.BodyOn(FeedbackService.Domain.Channels.Sms));
    }

    [Fact]
    public void The_messages_to_the_person_say_where_how_to_get_there_what_it_costs_and_whom_to_ask_on_every_channel()
    {
        var essentials = new ListingEssentials("St Mary's Hall, 12 High Street, Cosham PO6 3AA", "The 1 and 3 buses stop outside.",
            "£2.50 (includes lunch)", "023 9200 0000", "hello@lunch.example.org", "Tea first, then lunch at noon.", "Ruth, who runs it");

        var accepted = Templates.AcceptedForPerson(Guid.NewGuid(), "Mary", new("Cosham Lunch Club", essentials));
        var reminder = Templates.ReminderForPerson(Guid.NewGuid(), "Mary", new("Cosham Lunch Club", essentials), DateTimeOffset.UtcNow.AddDays(7));

        string[] lines =
        [
            "Where: St Mary's Hall, 12 High Street, Cosham PO6 3AA", "Getting there: The 1 and 3 buses stop outside.",
            "Cost: £2.50 (includes lunch)", "Who will welcome you: Ruth, who runs it", "What to expect: Tea first, then lunch at noon.",
            "To ask the group: call 023 9200 0000 or email hello@lunch.example.org",
        ];
        foreach (var text in new[] { accepted.Body, accepted.Letter!, reminder.Body, reminder.Letter! })
            Assert.All(lines, line => Assert.Contains(line + "\n", text + "\n"));
        // A text message says where, what it costs and whom to ask, and leaves the longer words to the other channels.
        var sms = accepted.BodyOn(FeedbackService.Domain.Channels.Sms);
        Assert.Contains("Where: St Mary's Hall, 12 High Street, Cosham PO6 3AA\nCost: £2.50 (includes lunch)\nTo ask the group: call 023 9200 0000 or email hello@lunch.example.org", sms);
        Assert.DoesNotContain("Getting there", sms);
        // The letter still ends with the reference to quote, after the essentials.
        Assert.EndsWith("Please give it if you phone or write about this referral.", accepted.Letter);
    }

    [Fact]
    public void A_provider_s_long_words_are_cut_so_the_message_always_fits_and_missing_ones_leave_no_empty_line()
    {
        var essentials = new ListingEssentials(null, new string('x', 5000), null, null, "ask@example.org", new string('y', 5000), null);

        var accepted = Templates.AcceptedForPerson(Guid.NewGuid(), "Mary", new(new string('n', 200), essentials));

        Assert.True(accepted.Body.Length <= 4000, $"the body is {accepted.Body.Length} characters");
        Assert.True(accepted.BodyOn(FeedbackService.Domain.Channels.Sms).Length <= Templates.TextLength, "the text is longer than Notify sends");
        Assert.Contains("To ask the group: email ask@example.org", accepted.Body);
        Assert.DoesNotContain("Where:", accepted.Body);
        Assert.DoesNotContain("Cost:", accepted.Body);
    }

    [Fact]
    public void A_letter_s_placeholders_are_one_address_line_each_with_the_postcode_last_and_its_subject_and_body()
    {
        var personalisation = GovukNotifyChannel.LetterPersonalisation("Mary O'Brien\n14 Magdala Road\nPortsmouth\nPO6 2QG", "Heading", "Text");

        Assert.Equal(["Mary O'Brien", "14 Magdala Road", "Portsmouth", "PO6 2QG"],
            Enumerable.Range(1, 4).Select(i => (string)personalisation[$"address_line_{i}"]));
        Assert.False(personalisation.ContainsKey("address_line_5"));
        Assert.Equal(("Heading", "Text"), ((string)personalisation["subject"], (string)personalisation["body"]));
        Assert.True(Assert.Throws<DeliveryFailedException>(() => GovukNotifyChannel.LetterPersonalisation("Mary\nPO6 2QG", "s", "b")).Permanent);
    }
}
