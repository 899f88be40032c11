using MassTransit;
using Microsoft.Extensions.Options;

namespace BuildingBlocks.Messaging;

/// <summary>How a batch consumer's queue hands over messages (docs/RELIABILITY.md, Sizing). Configuration: <c>Bus:Batch</c>.</summary>
public sealed class BatchSettings
{
    /// <summary>Most messages applied in one transaction.</summary>
    public int MessageLimit { get; set; } = 50;
    /// <summary>
    /// How long a batch waits for more after its first message: the latency added to a message that comes alone.
    /// Under load the batch fills before this.
    /// </summary>
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromMilliseconds(5);
    /// <summary>Batches of one queue applied at once, each holding one database connection: the next gathers while one applies.</summary>
    public int ConcurrencyLimit { get; set; } = 2;
}

/// <summary>
/// The receive settings of every <see cref="InboxBatchConsumer{TMessage,TDb}"/>, so that <c>AddServiceConsumers</c>
/// registers a batch consumer as it does any other. The queue's prefetch and concurrent message limit hold
/// <see cref="BatchSettings.ConcurrencyLimit"/> full batches.
/// </summary>
public sealed class InboxBatchDefinition<TConsumer>(IOptions<BatchSettings> settings) : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        var batch = settings.Value;
        // Room for the batches: set here, since the bus-wide limits (Bus:RabbitMq) would otherwise cap a batch at them.
        var capacity = batch.MessageLimit * batch.ConcurrencyLimit;
        endpointConfigurator.ConcurrentMessageLimit = capacity;
        endpointConfigurator.PrefetchCount = capacity;
        consumerConfigurator.Options<BatchOptions>(options => options
            .SetMessageLimit(batch.MessageLimit)
            .SetTimeLimit(batch.TimeLimit)
            .SetConcurrencyLimit(batch.ConcurrencyLimit));
    }
}
