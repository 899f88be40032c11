using DirectoryService.Data;
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

    internal sealed class Handler(DirectoryDb db) : ICommandHandler<Command, GazetteerImportResult>
    {
        public async ValueTask<GazetteerImportResult> Handle(Command command, CancellationToken cancellationToken) =>
            await new GazetteerImporter(db).ImportAsync(command.Csv, cancellationToken);
    }

    internal static async Task<IResult> Endpoint(HttpRequest request, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Command(request.Body), cancellationToken));
}
