/// `adv-bench gemm`: GFLOP/s of every matrix product of the maxout and 784-1200-10 workloads
/// (batch 100, forward and backward; and the maxout network at the attacks' block of 1000 rows),
/// bare `sgemm` and adv's `Tensor.matmul`, per thread count.
struct GEMMBenchmark: Benchmark {
    let name = "gemm"
    let summary = "GFLOP/s of sgemm at the workloads' shapes, forward and backward"

    func run(_ context: BenchContext) throws {
        let threads = context.settings.threads
        var attackBlock = Workload.maxout
        attackBlock.batch = attackBlock.attackBatch
        for workload in [Workload.maxout, Workload.fullyConnected, attackBlock] {
            print(
                "GEMM at the shapes of \(workload.name), batch \(workload.batch): GFLOP/s (sgemm bare / Tensor.matmul)")
            var header = ["product", "shape", "MFLOP"]
            for count in threads { header += ["sgemm \(count)t", "matmul \(count)t"] }
            var table = Table(header)
            let roles: [(String, (Int) -> GEMMShape)] = [
                ("forward", workload.forward), ("dW = X^T dY", workload.weightGradient),
                ("dX = dY W^T", workload.inputGradient),
            ]
            for layer in workload.layers.indices {
                for (role, shapeOf) in roles {
                    let shape = shapeOf(layer)
                    var row = ["layer \(layer + 1) \(role)", shape.description, format(shape.flops / 1e6, digits: 2)]
                    for count in threads {
                        row.append(format(shape.flops / (try context.gemm.rawSeconds(shape, threads: count)) / 1e9))
                        row.append(format(shape.flops / (try context.gemm.tensorSeconds(shape, threads: count)) / 1e9))
                    }
                    table.rows.append(row)
                }
            }
            var total = [
                "training step, all products", "",
                format(workload.flopsPerExample(.training) * Double(workload.batch) / 1e6, digits: 2),
            ]
            for count in threads {
                let seconds = try context.gemm.rawSeconds(workload, .training, threads: count)
                total += [format(workload.flopsPerExample(.training) * Double(workload.batch) / seconds / 1e9), ""]
            }
            table.rows.append(total)
            print(table.text)
            print("")
        }
    }
}
