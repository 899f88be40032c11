using Portal.Pages.Provider;

namespace Portal.Tests.Pages;

public sealed class ListingFormMessagesTests
{
    [Theory]
    [InlineData("place", "Choose where the activity happens, or add a new place")]
    [InlineData("cost.amount", "Enter the cost in pounds and pence, from £0 to £100,000, like 3.50")]
    [InlineData("eligibility.minimumAge", "Enter the youngest age as a whole number from 0 to 120, like 18")]
    [InlineData("contact.phone", "Enter a UK phone number, like 023 9249 6101")]
    [InlineData("times[1].end", "Enter an end time for time 2 after its start time, like 12:00")]
    [InlineData("times[0].pattern", "Check time 1: the activity must still run on a day from today on")]
    [InlineData("summary", "The summary must be 300 characters or fewer, with no control characters")]
    public void A_field_the_directory_refused_gets_the_portals_own_message(string field, string message) =>
        Assert.Equal(message, ListingFormMessages.ForRefused(field));

    [Theory]
    [InlineData("organisationId")]
    [InlineData("cost.currency")]
    [InlineData("")]
    public void A_field_the_form_does_not_have_gets_no_message_of_its_own(string field) =>
        Assert.Null(ListingFormMessages.ForRefused(field));
}
