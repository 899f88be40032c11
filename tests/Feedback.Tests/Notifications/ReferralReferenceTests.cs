using Contracts.Referrals;
using FeedbackService.Notifications;

namespace Feedback.Tests.Notifications;

/// <summary>The short reference people quote for a referral (<see cref="ReferralReference"/>), as the messages give it.</summary>
public sealed class ReferralReferenceTests
{
    private const string Shape = "^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$";

    [Fact]
    public void Referrals_made_in_the_same_millisecond_get_different_references()
    {
        // UUID v7 ids of one moment share their first 12 hex digits (the clock): the old reference was those.
        var moment = new DateTimeOffset(2026, 12, 5, 10, 15, 30, 123, TimeSpan.Zero);
        var ids = Enumerable.Range(0, 1000).Select(_ => Guid.CreateVersion7(moment)).ToList();
        Assert.Single(ids.Select(id => id.ToString("N")[..12]).Distinct());

        var references = ids.Select(ReferralReference.For).ToList();

        Assert.Equal(ids.Count, references.Distinct().Count());
    }

    [Fact]
    public void The_reference_is_the_same_every_time_for_an_id_and_is_two_groups_of_five_unambiguous_capitals()
    {
        var id = Guid.Parse("01a2456f-e3ed-7b21-9c55-0e1d2f3a4b5c");

        var reference = ReferralReference.For(id);

        Assert.Equal(reference, ReferralReference.For(Guid.Parse(id.ToString())));
        Assert.Matches(Shape, reference);
        // The last 50 bits of rand_b (..55 0e1d 2f3a 4b5c) in Crockford's base 32, five bits a character.
        Assert.Equal("8E3MQ-KMJTW", reference);
    }

    [Fact]
    public void Every_message_about_a_referral_gives_its_reference_as_the_portal_shows_it()
    {
        var id = Guid.CreateVersion7();
        var expected = $"Referral reference: {ReferralReference.For(id)}.";

        Assert.EndsWith(expected, Templates.NewReferralForProvider(id, "Lunch club").Body);
        Assert.EndsWith(expected, Templates.StatusChangedForReferrer(id, ReferralStatuses.Accepted, "Lunch club", null).Body);
        Assert.EndsWith(expected, Templates.FirstAttendance(id, "Lunch club", new DateOnly(2026, 12, 5)).Body);
        Assert.Matches(Shape, ReferralReference.For(id));
    }
}
