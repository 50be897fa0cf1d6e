"""Section 5 in miniature: which loss ranks anchors best when foreground is rare?

The supplement's Table 1 / Figure 1 train SSD512 on PASCAL VOC with four classification
losses. This package asks the same question on a synthetic, seeded, dense-detection task that
runs on a CPU in about a minute. Everything below (the task, its difficulty, the scorer, the
optimiser, the budget) was fixed and written down before any loss was compared; nothing was
tuned toward a result.

The task (:class:`~.config.TaskConfig`)
---------------------------------------
* An *image* is a ``size x size`` grid with ``channels`` feature channels (think of the output
  of a frozen backbone). Each class c has a prototype ``mu_c``, a random unit vector of
  R^channels drawn from the seed.
* Background = a smooth random field (Gaussian noise on a ``background_cell``-pixel grid,
  blown up to blocks, amplitude ``background_noise``) + white pixel noise (``pixel_noise``).
* *Objects* (``objects`` per image, uniform classes) are rectangles painted with
  ``mu_c + object_noise * eps / sqrt(channels)`` (one eps per object) plus pixel noise; they
  occlude what is under them. Their boxes are random anchor boxes whose every edge is moved by
  ``a * u * side`` (``a ~ U(0, jitter)`` per object, ``u ~ U(-1, 1)`` per edge, rounded to
  pixels): the best anchor of an object then has IoU between about 0.55 and 1 (median about
  0.8), which stands in for the box regression this miniature leaves out and gives every IoU
  threshold 0.50:0.05:0.95 positives (few at 0.9 and 0.95).
* *Distractors* (``distractors`` per image, painted first, so objects occlude them) are boxes
  of the same kind painted with the mix ``(mu_a + mu_b) / 2`` of two different classes (plus
  colour and pixel noise): hard negatives far from objects. The background field makes
  object-sized bright blobs too (see the figure ``detection_task``). Hard negatives near
  objects come from the anchors that overlap an object partly (IoU < 0.4).
* *Anchors*: at every cell of the grids of strides ``strides``, boxes of side
  ``base * scale`` for each ``scale`` and aspect ratio ``ratio`` (w/h), clipped to the image.
* *Labels* (SSD / RetinaNet rule): an anchor's IoU with its best-matching object decides it,
  positive of that object's class if IoU >= 0.5, background if IoU < 0.4, ignored in between;
  then each object's best anchor is made positive for that object regardless of its IoU.
* *Features* of an anchor (d = 3 x channels + number of anchor shapes), pooled with an integral
  image: the mean of the channels over the anchor box, over its central half-size box, and
  over the ring between the box and the box doubled in size (context), plus a one-hot code of
  the anchor's shape. The evidence is real (an anchor on an object sees ``mu_c`` inside and
  background around it; a misplaced one sees part of the object in the ring or background
  inside) and noisy (pixel noise, background field, object colour noise, distractors).
  Features are standardised with the training set's mean and standard deviation.

The scorer and training (:class:`~.config.TrainConfig`)
-------------------------------------------------------
One linear scorer ``s[a, c] = f_a . W[:, c] + b_c`` (the supplement's linear model
``s_k = <f_k, theta>`` with block features for the box k = (anchor a, class c)), initialised
with ``W ~ N(0, 0.01^2)`` and the RetinaNet prior ``b_c = -log(99)``, trained by Adam
(``learning_rate``, betas 0.9/0.999) for ``iterations`` minibatches of ``batch_size`` images,
the same optimiser, initialisation, minibatch sequence and budget for every loss:

* ``ce-ohem``: softmax cross-entropy with a background logit fixed at 0, OHEM 3:1 per image;
* ``focal-g1``: focal loss gamma = 1, alpha = 0.25 (the supplement's choice for SSD);
* ``focal-g2``: focal loss gamma = 2, alpha = 0.25 (RetinaNet's original setting);
* ``auc``: pairwise AUC-loss with H~ (delta = 1) and the error-driven update;
* ``ap``: AP-loss, error-driven update, one ranking over all anchors and classes of the
  minibatch (ignored anchors left out), H~ with delta = 1, interpolated AP, through the exact
  O(n log n) :func:`aptheory.fastap.ap_loss_grad`.

What is measured (:func:`~.evaluation.ranking_ap`)
---------------------------------------------------
On held-out images: for each class c and IoU threshold t, the (anchor, class c) pairs of all
test images are pooled and ranked by the model's score for class c (softmax probability for
CE, sigmoid for focal, the raw score for the ranking losses); a pair is positive iff the
anchor's IoU with some object of class c is >= t, every other pair (no ignore band) is
negative. Its non-interpolated average precision (sklearn's definition) is averaged over the
classes that have a positive at t. AP50, AP75 and AP (mean over t = 0.50:0.05:0.95) follow.
A threshold at which no test anchor of any class is positive has no AP: :func:`~.training.train`
evaluates only the thresholds with a test positive, records them in :attr:`TrainingRun.thresholds`
and the table says which were left out (none in the shipped configurations).
This is *ranking* AP of anchors, not detection AP: there is no box regression, no NMS and no
penalty for an object whose anchors all miss the threshold.

Imbalance (measured by :attr:`~.data.Dataset.imbalance`, printed in the header of the table): the
default task has 4536 anchors per image; on the 48 training images of seed 0 of the quick
configuration (the same task) there are 1:1653 positive:negative (anchor, class) pairs, the
ranking the losses see, and per *anchor* 1:330 positive:background anchors (13.6 positive
anchors per image). ``tests/sections/detection/test_detection_data.py`` recomputes these
four numbers from this text.

The AUC-loss is not defined in the supplement; we read the main paper's comparison as the
pairwise 1 - AUC trained in the same framework as AP-loss (H~, error-driven update), see
:func:`aptheory.sections.detection.losses.auc_loss`.

Record. Before any loss was trained, the image size, number of classes, anchor sizes and the
jitter were set from task statistics alone (pair imbalance >= 1:1000, test positives at every
IoU threshold). The configuration (``DEFAULT``, ``QUICK``) was then written down and run once.
Later changes were for speed only (row-blocked BLAS products, float32 standardisation,
skipping negatives below min(positive) - delta in the AUC update, a cheaper softmax and focal
loss, a partial sort for OHEM's selection) and for the wording of the verdict. The README's
table is the output of ``aptheory detection`` (default configuration, seeds 0..4).

Where each piece lives
----------------------
| what (equation) | module | functions |
|---|---|---|
| the task, the budget, the losses | ``config`` | ``TaskConfig``, ``TrainConfig``, ``Config`` |
| the two configurations, Table 1 | ``config`` | ``DEFAULT``, ``QUICK``, ``SUPPLEMENT_TABLE1`` |
| IoU, anchors, anchor labels | ``geometry`` | ``iou_matrix``, ``make_anchors``, ``label_anchors`` |
| images, features, a seed's data | ``data`` | ``make_dataset``, ``Dataset``, ``example_image`` |
| CE + OHEM, focal loss | ``losses`` | ``ohem_cross_entropy``, ``focal_loss`` |
| AUC-loss (H~, Q of eq. 18) | ``losses`` | ``auc_loss``, ``auc_surrogate`` |
| AP-loss, eq. (17), training form | ``training`` | ``training_loss("ap")`` (``core.fastap``) |
| scorer s_k = <f_k, theta>, Adam | ``training`` | ``train``, ``TrainingRun`` |
| ranking AP = 1 - eq. (17), H(0) = 1 | ``evaluation`` | ``ranking_ap``, ``average_precision`` |
| the Table 1 analogue | ``comparison`` | ``run_comparison``, ``render_comparison_markdown`` |
| ``aptheory detection`` | ``comparison`` | ``run_detection_command`` |
| Figure 1 analogue, the task | ``figures`` | ``fig_loss_curves``, ``fig_task`` |

Notation as in ``docs/MATH.md``.
"""
