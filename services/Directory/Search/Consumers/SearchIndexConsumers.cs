using BuildingBlocks.Messaging;
using Contracts.Directory;
using DirectoryService.Data;

namespace DirectoryService.Search.Consumers;

// Directory consumes its own listing events to keep the search projection current: each reloads the listing and
// re-indexes it inside the inbox transaction, so a redelivery is a no-op and a crash leaves the index as it was.

public sealed class IndexListedServiceConsumer(DirectoryDb db, TimeProvider clock, SearchIndexer indexer)
    : InboxConsumer<ServiceListed, DirectoryDb>(db, clock)
{
    protected override Task Handle(ServiceListed message, CancellationToken ct) => indexer.ReindexAsync([message.ServiceId], ct);
}

public sealed class IndexUpdatedServiceConsumer(DirectoryDb db, TimeProvider clock, SearchIndexer indexer)
    : InboxConsumer<ServiceUpdated, DirectoryDb>(db, clock)
{
    protected override Task Handle(ServiceUpdated message, CancellationToken ct) => indexer.ReindexAsync([message.ServiceId], ct);
}

public sealed class IndexSuspendedServiceConsumer(DirectoryDb db, TimeProvider clock, SearchIndexer indexer)
    : InboxConsumer<ServiceSuspended, DirectoryDb>(db, clock)
{
    protected override Task Handle(ServiceSuspended message, CancellationToken ct) => indexer.ReindexAsync([message.ServiceId], ct);
}

public sealed class IndexReinstatedServiceConsumer(DirectoryDb db, TimeProvider clock, SearchIndexer indexer)
    : InboxConsumer<ServiceReinstated, DirectoryDb>(db, clock)
{
    protected override Task Handle(ServiceReinstated message, CancellationToken ct) => indexer.ReindexAsync([message.ServiceId], ct);
}

public sealed class IndexRemovedServiceConsumer(DirectoryDb db, TimeProvider clock, SearchIndexer indexer)
    : InboxConsumer<ServiceRemoved, DirectoryDb>(db, clock)
{
    protected override Task Handle(ServiceRemoved message, CancellationToken ct) => indexer.ReindexAsync([message.ServiceId], ct);
}

public sealed class IndexCapacityChangedConsumer(DirectoryDb db, TimeProvider clock, SearchIndexer indexer)
    : InboxConsumer<ServiceCapacityChanged, DirectoryDb>(db, clock)
{
    protected override Task Handle(ServiceCapacityChanged message, CancellationToken ct) => indexer.ReindexAsync([message.ServiceId], ct);
}
