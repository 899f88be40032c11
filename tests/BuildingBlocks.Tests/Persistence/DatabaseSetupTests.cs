using BuildingBlocks.Persistence;
using Npgsql;

namespace BuildingBlocks.Tests.Persistence;

public sealed class DatabaseSetupTests
{
    [Fact]
    public void Connections_for_short_queries_start_no_parallel_workers_prepare_repeated_statements_and_skip_the_session_reset()
    {
        var built = new NpgsqlConnectionStringBuilder(DatabaseSetup.ForShortQueries("Host=db;Database=directory"));

        Assert.Equal("-c max_parallel_workers_per_gather=0", built.Options);
        Assert.Equal(200, built.MaxAutoPrepare);
        Assert.Equal(2, built.AutoPrepareMinUsages);
        Assert.Equal(DatabaseSetup.DefaultMaxPoolSize, built.MaxPoolSize);
        Assert.True(built.NoResetOnClose);
        Assert.Equal("directory", built.Database);
    }

    [Theory]
    [InlineData("Host=db;Options=-c work_mem=64MB;Max Auto Prepare=0;Maximum Pool Size=7;No Reset On Close=false")]
    [InlineData("Host=db;Options=-c work_mem=64MB;MaxAutoPrepare=0;MaxPoolSize=7;NoResetOnClose=false")]
    public void Settings_in_the_connection_string_win(string connectionString)
    {
        var built = new NpgsqlConnectionStringBuilder(DatabaseSetup.ForShortQueries(connectionString));

        Assert.Equal("-c work_mem=64MB", built.Options);
        Assert.Equal(0, built.MaxAutoPrepare);
        Assert.Equal(7, built.MaxPoolSize);
        Assert.False(built.NoResetOnClose);
    }
}
