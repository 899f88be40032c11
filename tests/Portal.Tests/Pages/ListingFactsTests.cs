using System.Text.Json;
using Portal.Api;
using Portal.Pages;

namespace Portal.Tests.Pages;

/// <summary>A listing's key facts in the words a person reads before going.</summary>
public sealed class ListingFactsTests
{
    [Theory]
    [InlineData(60, null, "Ages 60 and over")]
    [InlineData(null, 16, "Up to age 16")]
    [InlineData(0, 16, "Up to age 16")]
    [InlineData(5, 11, "Ages 5 to 11")]
    [InlineData(18, 18, "Age 18")]
    [InlineData(null, null, null)]
    [InlineData(0, null, null)]
    public void Ages_say_who_can_come(int? minimum, int? maximum, string? expected) =>
        Assert.Equal(expected, ListingFacts.Ages(minimum, maximum));

    [Theory]
    [InlineData("""{"isFree":true,"amount":null,"currency":"GBP","description":"Free"}""", "Free")]
    [InlineData("""{"isFree":false,"amount":2.5,"currency":"GBP","description":"Includes tea and cake"}""", "£2.50 (Includes tea and cake)")]
    [InlineData("""{"isFree":false,"amount":3,"currency":"GBP","description":"£3 a session"}""", "£3 a session")]
    [InlineData("""{"isFree":false,"amount":4,"currency":"GBP","description":null}""", "£4.00")]
    [InlineData("""{"isFree":false,"amount":null,"currency":"GBP","description":null}""", "Ask the organiser")]
    [InlineData("""{"isFree":false,"description":"Pay what you can"}""", "Pay what you can")]
    public void Cost_is_a_price_a_person_can_read(string cost, string expected) =>
        Assert.Equal(expected, ListingFacts.Cost(JsonDocument.Parse(cost).RootElement));

    [Theory]
    [InlineData("step-free-access", "Step-free access")]
    [InlineData("hearing-loop", "Hearing loop")]
    [InlineData("changing-places", "Changing Places toilet")]
    [InlineData("large-print-menus", "Large print menus")]
    public void Accessibility_codes_read_as_words(string code, string expected) =>
        Assert.Equal(expected, ListingFacts.Accessibility(code));

    [Theory]
    [InlineData("in-person", "In person")]
    [InlineData("online", "Online")]
    [InlineData("phone", "By phone")]
    public void How_to_take_part_reads_as_words(string type, string expected) =>
        Assert.Equal(expected, ListingFacts.AttendingType(type));

    [Fact]
    public void Ways_to_join_are_listed_as_a_sentence()
    {
        Assert.Equal("Drop in, ask to join yourself or be referred by a GP or other professional",
            ListingFacts.Joining(new ListingAccess(true, true, true)));
        Assert.Equal("Ask to join yourself", ListingFacts.Joining(new ListingAccess(false, true, false)));
        Assert.Null(ListingFacts.Joining(new ListingAccess(false, false, false)));
        Assert.Null(ListingFacts.Joining(null));
    }

    [Fact]
    public void The_map_link_is_openstreetmap_with_a_pin_on_the_place() =>
        Assert.Equal("https://www.openstreetmap.org/?mlat=50.84512&mlon=-1.06543#map=17/50.84512/-1.06543",
            ListingFacts.MapLink(50.845123, -1.065432));
}
