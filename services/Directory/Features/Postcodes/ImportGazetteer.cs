using DirectoryService.Data;
using DirectoryService.Features.Insights;
using DirectoryService.Search.Gazetteer;
using Mediator;

namespace DirectoryService.Features.Postcodes;

/// <summary>
/// POST /api/directory/postcodes/import (curators): the request body is a gazetteer CSV (ONS Postcode Directory or
/// Code-Point Open layout, detected from the header), streamed in batches; existing postcodes are replaced.
/// e.g. curl -X POST -H "Authorization: Bearer ..." -H "Content-Type: text/csv" --data-binary @ONSPD.csv .../postcodes/import
/// </summary>
public static class ImportGazetteer
{
    public sealed record Command(Stream Csv) : ICommand<GazetteerImportResult>;

    internal sealed class Handler(DirectoryDb db, TimeProvider clock) : ICommandHandler<Command, GazetteerImportResult>
    {
        public async ValueTask<GazetteerImportResult> Handle(Command command, CancellationToken cancellationToken)
        {
            var result = await new GazetteerImporter(db).ImportAsync(command.Csv, cancellationToken);
            // Insight lays out its ward map from the wards' centres.
            var now = clock.GetUtcNow();
            db.Publish(await InsightSnapshotRequestedConsumer.WardCentresOf(db, now, cancellationToken), now);
            await db.SaveChangesAsync(cancellationToken);
            return result;
        }
    }

    internal static async Task<IResult> Endpoint(HttpRequest request, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Command(request.Body), cancellationToken));
}
