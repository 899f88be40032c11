using DirectoryService.Domain;

namespace Directory.Tests.Domain;

/// <summary>What the listing events tell Feedback a referred person needs to get there (the messages and letters to them).</summary>
public sealed class ListingEssentialsTests
{
    private static readonly Organisation Org = new(Guid.NewGuid(), "Drayton Walkers", null, null, null, null);
    private static readonly Location Hall = new(Guid.NewGuid(), Org.Id, "St Mary's Hall", "12 High Street", "Cosham", "PO6 3AA", null, null, null, []);

    private static Service Listing(AttendingType attending, Cost cost) => new(Guid.NewGuid(), Org,
        ServiceTests.Details() with
        {
            AttendingType = attending, Cost = cost, LocationIds = [Hall.Id], GettingThere = "The 1 bus stops outside.",
            FirstVisit = "Tea first.", WelcomedBy = "Ruth",
        }, ServiceStatus.Active, DateTimeOffset.UtcNow, "test");

    [Fact]
    public void An_activity_people_go_to_gives_its_place_in_one_line_with_getting_there_cost_and_whom_to_ask()
    {
        var essentials = Listing(AttendingType.InPerson, new Cost(false, 2.5m, "GBP", "includes lunch")).Essentials([Hall]);

        Assert.Equal("St Mary's Hall, 12 High Street, Cosham PO6 3AA", essentials.Where);
        Assert.Equal(("The 1 bus stops outside.", "£2.50 (includes lunch)", "Tea first.", "Ruth"),
            (essentials.GettingThere, essentials.Cost, essentials.FirstVisit, essentials.WelcomedBy));
        Assert.Equal(("023 9200 0000", "sam@example.org"), (essentials.Phone, essentials.Email));
    }

    [Theory]
    [InlineData(true, null, null, "Free")]
    [InlineData(false, null, "£3 on the door", "£3 on the door")]
    [InlineData(false, 4.0, null, "£4.00")]
    [InlineData(false, null, null, null)]
    public void The_cost_reads_as_a_person_would_say_it(bool free, double? amount, string? words, string? expected) =>
        Assert.Equal(expected, new Cost(free, (decimal?)amount, "GBP", words).InWords());

    [Fact]
    public void An_activity_by_phone_or_online_has_no_place_to_go_to() =>
        Assert.Null(Listing(AttendingType.Phone, Cost.Free).Essentials([Hall]).Where);
}
