using BuildingBlocks.Persistence;
using Contracts.Directory;
using Microsoft.EntityFrameworkCore;

namespace BuildingBlocks.Tests.Persistence;

public sealed class OutboxPublishTests
{
    private sealed class TestDb() : ServiceDbContext(new DbContextOptionsBuilder().UseSqlite("Data Source=:memory:").Options);

    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_event_a_domain_type_hands_over_as_an_object_is_queued_under_its_own_contract_type()
    {
        using var db = new TestDb();
        IReadOnlyList<object> raised = [new ServiceReinstated(Guid.NewGuid(), At), new ServiceRemoved(Guid.NewGuid(), At)];

        db.Publish(raised, At);

        Assert.Equal([typeof(ServiceReinstated).FullName, typeof(ServiceRemoved).FullName], db.Outbox.Local.Select(m => m.MessageType).Order());
        Assert.All(db.Outbox.Local, m => Assert.Contains("\"serviceId\"", m.Body));
        Assert.All(db.Outbox.Local, m => Assert.Equal(At, m.OccurredAt));
    }
}
